using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Loop;

namespace Tagloop.Core.Training;

/// <summary>
/// An immutable trained model of one project with the ranked pool it produced. Published whole by
/// <see cref="ModelRegistry"/>, so readers never see a half-updated model. <see cref="Evaluation"/> and the
/// calibration arrive in a second publication of the same version, once cross-validation has run.
/// </summary>
public sealed record ModelSnapshot(
    int ProjectId,
    int Version,
    DateTimeOffset TrainedAt,
    int Labels,
    IReadOnlyList<string> Classes,
    ITextEncoder Encoder,
    ILabelModel Classifier,
    IReadOnlyList<long> Ranked,
    PoolPredictions Pool,
    double TrainingMilliseconds)
{
    /// <summary>Cross-validated figures on the labels; null until computed, and below <see cref="ModelEvaluation.MinimumLabels"/> labels.</summary>
    public ModelEvaluation? Evaluation { get; init; }

    /// <summary>The labelled documents' features the model was fitted on, and their classes.</summary>
    public FeatureRows? TrainingFeatures { get; init; }

    public LabelledRows? TrainingLabels { get; init; }

    /// <summary>The document of each row of <see cref="TrainingLabels"/>.</summary>
    public IReadOnlyList<long>? TrainingDocuments { get; init; }

    /// <summary>Cross-validated predictions for the labelled documents (single-label models), from the last evaluation.</summary>
    public OutOfFold? OutOfFold { get; init; }

    /// <summary>
    /// The prior precision's step (λ = 10^(step/2)) that gave the answers the highest held-out likelihood at the last
    /// evaluation: <see cref="OutOfFold"/> comes from it, and the next search starts there.
    /// </summary>
    public int? MislabelPriorStep { get; init; }

    /// <summary>How many labels <see cref="Evaluation"/> was computed on (it is kept until the next one is due).</summary>
    public int? EvaluatedLabels { get; init; }

    /// <summary>The rule-labelled rows the model trained on beside the answers (<see cref="WeakSupervision.RuleWorkbench.LoopLabelsAsync"/>), kept for the evaluation; null when none did.</summary>
    public WeakTraining? TrainingWeak { get; init; }

    /// <summary>How many documents labelled by rules the model trained on (0 without switched-on rules, or once their weight has faded to nothing).</summary>
    public int WeakDocuments => TrainingWeak is { Weight: > 0 } weak ? weak.WeakDocuments : 0;

    /// <summary>Where the training's time went, in milliseconds: reading the corpus and answers, then the refit's phases (<see cref="LoopRound.Phases"/>).</summary>
    public (double Read, double Span, double Fit, double Score, double Rank) Phases { get; init; }

    /// <summary>What the model thinks of an unlabelled document, or null when it was not in the pool.</summary>
    public DocumentScore? Score(long documentId) => Pool.Describe(documentId, Classes);
}
