using System.Text.Json;

namespace Tagloop.Server.Tasks;

/// <summary>The next document to annotate, with the model's guess and why it was chosen once a model exists.</summary>
public sealed record TaskDto(long DocumentId, string Text, JsonElement? Meta, PredictionDto? Prediction, string? Reason, int? ModelVersion)
{
    /// <summary>The annotator skipped this document before; it came back because nothing else is open to them.</summary>
    public bool SkippedBefore { get; init; }

    /// <summary>A change to the labels (a split) took this document's answer away: it is back to be labelled again; the reason says why.</summary>
    public bool Relabel { get; init; }

    /// <summary>Several people answer this document independently (the project's overlap share), so the model's guess is not shown.</summary>
    public bool Independent { get; init; }

    /// <summary>An owner set this document aside for this annotator (an assignment).</summary>
    public bool Assigned { get; init; }
}
