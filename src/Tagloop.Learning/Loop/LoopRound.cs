using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Loop;

/// <summary>
/// One refit of the loop: the model (carrying the last calibration until the next evaluation), the features it was
/// fitted on, the unlabelled pool (corpus rows, in corpus order), the pool in the order to ask about it (indices
/// into <see cref="Pool"/>, best first), the strategy's view of each pool row, and whether the head came from the
/// cold-start rule.
/// </summary>
public sealed record LoopRound(ILabelModel Model, FeatureRows TrainingFeatures, int[] Pool, int[] Order, AcquisitionInput Input, bool ColdStart, double Milliseconds)
{
    /// <summary>Where the refit's time went, in milliseconds: the span's new coordinates, the fit, scoring the pool, ranking it.</summary>
    public (double Span, double Fit, double Score, double Rank) Phases { get; init; }

    /// <summary>The answers and weak rows the model was fitted on when weak labels took part (for <see cref="LabellingLoop.Evaluate"/>); null otherwise.</summary>
    public WeakTraining? Weak { get; init; }
}
