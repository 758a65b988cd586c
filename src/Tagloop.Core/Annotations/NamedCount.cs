namespace Tagloop.Core.Annotations;

/// <summary>A count of something with a name (a label, an annotator).</summary>
public sealed record NamedCount(string Name, int Count);
