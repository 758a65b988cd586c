namespace Tagloop.Server.Models;

/// <summary>How good the current model is: five-fold cross-validated accuracy on the labels (null below 10 labels), and the last training time.</summary>
public sealed record ModelMetricsDto(double? CrossValidatedAccuracy, double TrainingMs);
