namespace Tagloop.Core.WeakSupervision;

/// <summary>A rule with its label's current name (the name it last had, when the label is gone).</summary>
public sealed record RuleSummary(LabellingRule Rule, string Label);
