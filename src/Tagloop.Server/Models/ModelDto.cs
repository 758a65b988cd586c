namespace Tagloop.Server.Models;

/// <summary>The project's current model: version 0 means none yet, with <see cref="Message"/> saying what it waits for.</summary>
public sealed record ModelDto(int Version, int Labels, DateTimeOffset? TrainedAt, IReadOnlyList<string> Classes, ModelMetricsDto Metrics, string? Message);
