using Tagloop.Learning.Spans;

namespace Tagloop.Core.Training;

/// <summary>
/// An immutable trained tagger of one span-tagging project with the ranking of its unfinished documents. Published
/// whole by <see cref="ModelRegistry"/>, like <see cref="ModelSnapshot"/> for classification.
/// </summary>
/// <param name="Sentences">How many sentences the tagger learnt from (fully answered ones and those with judged spans).</param>
/// <param name="Ranked">Unfinished documents, the one holding the most valuable sentence first (<see cref="SpanTrainer"/>).</param>
public sealed record SpanModelSnapshot(
    int ProjectId,
    int Version,
    DateTimeOffset TrainedAt,
    int Sentences,
    IReadOnlyList<string> EntityTypes,
    string Strategy,
    LinearChainCrf Tagger,
    IReadOnlyList<long> Ranked,
    double TrainingMilliseconds)
{
    /// <summary>Cross-validated entity-level figures on the fully answered sentences; null until computed or with too few of them.</summary>
    public SpanEvaluation? Evaluation { get; init; }

    /// <summary>The fully answered sentences the tagger learnt from, kept for the evaluation.</summary>
    public IReadOnlyList<TaggedSentence>? FullSentences { get; init; }

    /// <summary>How many examples the last full refit saw (quick updates since then are on top of it).</summary>
    public int FullRefitExamples { get; init; }

    /// <summary>The bootstrap taggers behind <c>bald</c> (null for other strategies).</summary>
    public IReadOnlyList<LinearChainCrf>? Ensemble { get; init; }

    /// <summary>Whether <see cref="Ranked"/> scored paragraphs (the project's span unit) rather than sentences.</summary>
    public bool Paragraphs { get; init; }

    /// <summary>The token features the tagger (and its evaluation) uses.</summary>
    public TaggerFeatureSet Features { get; init; } = TaggerFeatureSet.Words;

    /// <summary>The gazetteer of labelled entity strings the tagger reads, as of the last full refit (null without one).</summary>
    public SpanGazetteers? Gazetteers { get; init; }
}
