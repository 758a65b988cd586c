namespace Tagloop.Core.WeakSupervision;

/// <summary>A document a rule votes on: its id, the start of its text (at most 300 characters) and its label so far, if any.</summary>
/// <param name="Answer">The document's final label (labels joined by ", " in a multi-label project), or null when it has none yet.</param>
public sealed record RuleHit(long DocumentId, string Text, string? Answer);
