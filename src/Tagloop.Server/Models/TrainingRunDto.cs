using Tagloop.Core.Training;

namespace Tagloop.Server.Models;

/// <summary>One finished training: a point of the learning curve. Figures are null below 10 labels and for failed runs.</summary>
public sealed record TrainingRunDto(
    int Version,
    int Labels,
    double? Accuracy,
    double? MacroF1,
    double? AccuracySd,
    DateTimeOffset FinishedAt,
    TrainingRunStatus Status,
    double TrainingMs,
    string? Error);
