namespace Tagloop.Learning.WeakSupervision;

/// <summary>One rule applied on its own: its column of votes, or an empty one and why it failed.</summary>
public sealed record RulePreview(RuleVotes Votes, RuleFailure? Failure);
