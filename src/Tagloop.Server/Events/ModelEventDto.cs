namespace Tagloop.Server.Events;

/// <summary>The data of a <c>model</c> event: a new model version was published (accuracy and macro-F1 are null below 10 labels).</summary>
public sealed record ModelEventDto(int Version, int Labels, double? Accuracy, double? MacroF1, DateTimeOffset TrainedAt);
