using Tagloop.Learning.Classification;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Learning.Loop;

/// <summary>
/// Cross-validated predictions for the labelled rows and the model calibrated on them: <see cref="HeldOut"/> for a
/// single-label model, <see cref="PerLabel"/> (null where a label never or always applies) for a multi-label one.
/// </summary>
public sealed record LoopEvaluation(ILabelModel Calibrated, HeldOutPredictions? HeldOut, IReadOnlyList<HeldOutPredictions?>? PerLabel);
