namespace Tagloop.Server.Explore;

/// <summary>The documents the caller wants to label next, in order.</summary>
public sealed record FocusRequest(IReadOnlyList<long>? DocumentIds);
