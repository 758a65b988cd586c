namespace Tagloop.Server.Review;

/// <summary>A reviewer's final label for a document: the label (or labels, in a multi-label project) and an optional note.</summary>
public sealed record FinalRequest(IReadOnlyList<string>? Labels, string? Note);
