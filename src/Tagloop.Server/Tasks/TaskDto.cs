using System.Text.Json;
using Tagloop.Core.Annotations;
using Tagloop.Core.Tasks;

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

    /// <summary>Span-tagging: the part of the document to annotate now (a sentence); offsets are UTF-16 code units of the whole text.</summary>
    public TextRange? Region { get; init; }

    /// <summary>Span-tagging: the tokens of the region, in order; spans start and end on them.</summary>
    public IReadOnlyList<TextRange>? Tokens { get; init; }

    /// <summary>Span-tagging: the spans to start from in the region — the model's, with their probability, and the annotator's own accepted ones (probability null).</summary>
    public IReadOnlyList<SuggestedSpan>? Spans { get; init; }

    /// <summary>Span-tagging: the region's place among the document's sentences, from 1 ("sentence 3 of 7").</summary>
    public int? RegionNumber { get; init; }

    /// <summary>Span-tagging: how many sentences the document has.</summary>
    public int? RegionCount { get; init; }

    /// <summary>Span-tagging: how many of them the annotator's current answer covers completely.</summary>
    public int? RegionsAnswered { get; init; }

    /// <summary>Span-tagging, teach mode: the one span to accept or reject; null when the model has nothing to ask in the region.</summary>
    public SuggestedSpan? Suggestion { get; init; }
}
