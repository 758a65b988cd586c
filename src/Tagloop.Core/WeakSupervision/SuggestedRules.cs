namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// Keyword rules suggested from a project's labelled documents (<see cref="RuleWorkbench.SuggestAsync"/>), by label and
/// then best first, over <paramref name="Documents"/> documents of which <paramref name="Labelled"/> have a final label;
/// <paramref name="Reason"/> says in words why there are none (a multi-label project, too few labels, nothing stands out),
/// null when there are some.
/// </summary>
public sealed record SuggestedRules(int Documents, int Labelled, string? Reason, IReadOnlyList<SuggestedRule> Suggestions);
