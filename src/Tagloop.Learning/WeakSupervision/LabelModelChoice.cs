namespace Tagloop.Learning.WeakSupervision;

/// <summary>The label model <see cref="AutoLabelModel"/> picked, every candidate's score on the gold documents (empty without gold), and why.</summary>
public sealed record LabelModelChoice(FittedLabelModel Model, IReadOnlyList<LabelModelScore> Scores, string Reason);
