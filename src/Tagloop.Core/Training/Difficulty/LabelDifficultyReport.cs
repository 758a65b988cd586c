namespace Tagloop.Core.Training.Difficulty;

/// <summary>
/// How hard each label is, from the latest evaluation (over <see cref="EvaluatedLabels"/> labels; 0 when there is none
/// yet), and whether the task looks learnable (null below <see cref="LabelDifficulty.FeasibilityLabels"/> labels and for
/// span tagging).
/// </summary>
public sealed record LabelDifficultyReport(int EvaluatedLabels, IReadOnlyList<LabelAssessment> Labels, Feasibility? Feasibility);
