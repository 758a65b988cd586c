namespace Tagloop.Learning.Classification;

/// <summary>
/// The saved form of a Bayesian softmax regression. Means: for the sparse block, the feature ids it has weights for
/// (sorted) and each class's weights (classes × features); for the dense block each class's weights (classes ×
/// dimension) and the centre subtracted from rows; a bias per class with its variance. Posterior: the labelled
/// rows' span (its pivot rows and the Cholesky factor of their kernel, see <see cref="SpanBasis"/>), and per class
/// the lower Cholesky factor of the posterior precision within it (classes × rank × rank) — or, with many classes, one
/// shared eigenbasis and each class's curvature along it; outside the span the
/// posterior is the prior, whose precision (chosen by the evidence) is kept. The calibration completes it.
/// </summary>
public sealed record SoftmaxWeights
{
    public const int CurrentFormat = 3;

    public int FormatVersion { get; init; } = CurrentFormat;

    public required int Classes { get; init; }

    public required int[] Features { get; init; }

    public required float[] SparseMean { get; init; }


    public required float[] BiasMean { get; init; }

    public required float[] BiasVariance { get; init; }

    public int DenseDimension { get; init; }

    public float[] DenseMean { get; init; } = [];

    public float[] DenseCenter { get; init; } = [];

    public int Rank { get; init; }

    /// <summary>The pivots' sparse blocks in compressed-row form (rank + 1 starts, then column ids and values).</summary>
    public int[] PivotStarts { get; init; } = [0];

    public int[] PivotIndices { get; init; } = [];

    public float[] PivotValues { get; init; } = [];

    /// <summary>The pivots' dense blocks, centred (rank × dense dimension).</summary>
    public float[] PivotDense { get; init; } = [];

    /// <summary>The Cholesky factor of the pivots' kernel (rank × rank, lower).</summary>
    public float[] PivotFactor { get; init; } = [];

    /// <summary>Which corpus rows the pivots were, to match the coordinates a <see cref="SpanProjection"/> holds.</summary>
    public long[] PivotKeys { get; init; } = [];

    /// <summary>Per class, the Cholesky factor of the span block of the posterior precision (classes × rank × rank); empty when the classes share a basis.</summary>
    public float[] PrecisionFactor { get; init; } = [];

    /// <summary>With many classes, the shared eigenbasis of the span posterior (rank × rank, row-major: column j is direction j); else empty.</summary>
    public float[] SharedBasis { get; init; } = [];

    /// <summary>Each class's data curvature along each shared direction (classes × rank); the precision there is it plus the prior's.</summary>
    public float[] SharedCurvature { get; init; } = [];

    /// <summary>The posterior's prior precision for sparse weights (so the variance of a weight the model never saw).</summary>
    public double SparsePrecision { get; init; }

    public double DensePrecision { get; init; }

    public double BiasPrecision { get; init; }

    public float Temperature { get; init; } = 1f;

    public float VarianceScale { get; init; } = 1f;

    /// <summary>Checks that the arrays agree with the counts; a damaged or hand-made record is refused, naming the part.</summary>
    public void Validate()
    {
        var f = Features.Length;
        var problems = new List<string>();
        if (FormatVersion != CurrentFormat)
        {
            problems.Add($"format {FormatVersion} (expected {CurrentFormat})");
        }

        if (Classes < 1)
        {
            problems.Add($"{Classes} classes");
        }

        if (SparseMean.Length != Classes * f)
        {
            problems.Add("sparse weights");
        }

        if (BiasMean.Length != Classes || BiasVariance.Length != Classes)
        {
            problems.Add("biases");
        }

        if (DenseMean.Length != Classes * DenseDimension || (DenseCenter.Length != 0 && DenseCenter.Length != DenseDimension))
        {
            problems.Add("dense weights");
        }

        if (Rank < 0 || PivotKeys.Length != Rank || PivotStarts.Length != Rank + 1 || PivotStarts[^1] != PivotIndices.Length
            || PivotValues.Length != PivotIndices.Length || PivotDense.Length != Rank * DenseDimension
            || PivotFactor.Length != Rank * Rank
            || !((PrecisionFactor.Length == Classes * Rank * Rank && SharedBasis.Length == 0 && SharedCurvature.Length == 0)
                || (Rank > 0 && PrecisionFactor.Length == 0 && SharedBasis.Length == Rank * Rank && SharedCurvature.Length == Classes * Rank)))
        {
            problems.Add("posterior");
        }

        if (!(SparsePrecision > 0 && DensePrecision > 0 && BiasPrecision > 0 && Temperature > 0 && VarianceScale > 0))
        {
            problems.Add("precisions or temperature");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"The softmax weights do not agree with themselves: {string.Join(", ", problems)}.");
        }
    }
}
