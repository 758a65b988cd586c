namespace Tagloop.Learning.Acquisition;

/// <summary>
/// What a strategy sees of the pool: per row and class, the logit's posterior mean and variance and the predictive
/// probability (row-major); optionally where the rows lie (<see cref="Geometry"/>) and how many labels each class has.
/// </summary>
public sealed record AcquisitionInput(int Rows, int Classes, float[] LogitMean, float[] LogitVariance, float[] Probabilities)
{
    /// <summary>Embeddings of the pool and of the labelled documents; strategies that need them fall back without.</summary>
    public PoolGeometry? Geometry { get; init; }

    /// <summary>Labels per class so far (length <see cref="Classes"/>), for the cold-start rule.</summary>
    public IReadOnlyList<int>? LabelCounts { get; init; }
}
