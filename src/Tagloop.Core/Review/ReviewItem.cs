namespace Tagloop.Core.Review;

/// <summary>
/// A document waiting for a reviewer, and why: <c>relabel</c> (a split sent it back), <c>disagreement</c> (people's
/// answers differ), <c>flagged</c> (someone flagged it), <c>suspect</c> (the model confidently disagrees with its label).
/// </summary>
public sealed record ReviewItem(
    long DocumentId,
    string Text,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<ReviewAnswer> Answers,
    IReadOnlyList<string>? Final,
    string? DecidedBy,
    string? Suggested,
    double? SuggestedConfidence,
    string? RelabelReason);
