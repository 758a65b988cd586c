namespace Tagloop.Core.Explore;

/// <summary>How many documents a project has and its highest id: a cheap sign that documents arrived or left.</summary>
public readonly record struct DocumentsState(int Count, long MaxId);
