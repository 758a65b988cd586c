namespace Tagloop.Server.Review;

/// <summary>A document's final label: <c>decidedBy</c> is <c>adjudication</c> (by <c>reviewer</c>), <c>majority</c>, <c>single</c> or <c>undecided</c> (then <c>labels</c> is null).</summary>
public sealed record FinalDto(IReadOnlyList<string>? Labels, string DecidedBy, string? Reviewer, DateTimeOffset? DecidedAt, string? Note);
