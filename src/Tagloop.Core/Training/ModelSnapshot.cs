using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Training;

/// <summary>
/// An immutable trained model of one project with the ranked pool it produced. Published whole by
/// <see cref="ModelRegistry"/>, so readers never see a half-updated model.
/// </summary>
public sealed record ModelSnapshot(
    int ProjectId,
    int Version,
    DateTimeOffset TrainedAt,
    int Labels,
    IReadOnlyList<string> Classes,
    HashedTfidfEncoder Encoder,
    BayesianSoftmaxRegression Classifier,
    IReadOnlyList<long> Ranked,
    IReadOnlyDictionary<long, DocumentScore> Scores,
    ModelEvaluation? Evaluation,
    double TrainingMilliseconds);
