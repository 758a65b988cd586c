using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

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

    /// <summary>The labelled documents' features the model was fitted on, and the class indices of each (one for single-label projects).</summary>
    public SparseMatrix? TrainingFeatures { get; init; }

    public IReadOnlyList<int[]> TrainingSets { get; init; } = [];

    /// <summary>What the model thinks of an unlabelled document, or null when it was not in the pool.</summary>
    public DocumentScore? Score(long documentId) => Pool.Describe(documentId, Classes);
}
