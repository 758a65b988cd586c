namespace Tagloop.Server.Models;

/// <summary>The project's current model: version 0 means none yet, with <see cref="Message"/> saying what it waits for.</summary>
public sealed record ModelDto(int Version, int Labels, DateTimeOffset? TrainedAt, IReadOnlyList<string> Classes, ModelMetricsDto Metrics, string? Message)
{
    /// <summary>While new documents are being encoded for the model (after an import): how many of how many; else null.</summary>
    public EncodingDto? Encoding { get; init; }
}

/// <summary>Progress of encoding a project's new documents into its vector cache.</summary>
public sealed record EncodingDto(int Done, int Total);
