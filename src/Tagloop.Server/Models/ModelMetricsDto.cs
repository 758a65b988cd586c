namespace Tagloop.Server.Models;

/// <summary>
/// How good the current model is, by five-fold cross-validation on the labels (null, or empty, below 10 labels), and
/// the last training time. <see cref="CrossValidatedAccuracy"/> and <see cref="Accuracy"/> are the same figure; the
/// first is kept for existing clients.
/// </summary>
/// <param name="AccuracySd">Standard deviation of the accuracy across the five folds: how much it moves with the sample.</param>
/// <param name="PerLabel">Per label, in the project's label order.</param>
/// <param name="Confusion">Held-out documents counted by true label (rows) and predicted label (columns).</param>
/// <param name="EvaluatedLabels">How many labels the figures were cross-validated on: evaluation follows a schedule (every change up to 200 labels, then every tenth more), so it may lag the model's own count.</param>
public sealed record ModelMetricsDto(
    double? CrossValidatedAccuracy,
    double TrainingMs,
    double? Accuracy,
    double? MacroF1,
    double? AccuracySd,
    IReadOnlyList<LabelMetricsDto> PerLabel,
    ConfusionDto? Confusion,
    int? EvaluatedLabels);
