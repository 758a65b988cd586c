using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Classification;

/// <summary>
/// Multinomial logistic regression with Gaussian priors and a Laplace posterior (MacKay 1992) over sparse features
/// (hashed TF-IDF), dense features (sentence embeddings) or both. The MAP weights are found by L-BFGS and the prior
/// precisions by the evidence (<see cref="SoftmaxFit"/>). The posterior is diagonal for sparse weights and biases and,
/// for dense weights, exact within the span of the labelled rows (a low-rank update of the prior: a few hundred
/// correlated dimensions cost O(rank) per row, not O(dimension²)). Predictions integrate over the posterior with the
/// probit approximation (Spiegelhalter and Lauritzen 1990), and logit samples feed BALD (Houlsby et al. 2011).
/// Immutable and thread-safe once fitted.
/// </summary>
public sealed class BayesianSoftmaxRegression : ILabelModel
{
    // Column → sparse weight index (−1 for columns the model never saw), built on first use.
    private readonly Lazy<int[]> columns;

    // One bit per column the model has a weight for: small enough to stay in the core's cache, it answers most
    // look-ups of a pool row's features (few of which the labelled rows used) without touching the map.
    private readonly Lazy<ulong[]> known;

    // The sparse block's weights feature by feature (each class's in a row), so that a non-zero reads one short run.
    private readonly Lazy<float[]> byFeature;

    // The labelled rows' span, rebuilt from the weights on first use.
    private readonly Lazy<SpanBasis> span;

    // Wμ per class: the dense block's mean at the centre, subtracted rather than centring every row.
    private readonly float[] meanAtCenter;

    // (L_c⁻¹)ᵀ per class, padded rank² each: the posterior's span block ready for many rows (TriangularKernel).
    private readonly Lazy<float[]> inverseFactors;

    // With a shared basis: 1 / (λ + d_cj), the posterior variance along each shared direction (classes × padded
    // rank), and the basis itself padded.
    private readonly Lazy<float[]> sharedVariances;
    private readonly Lazy<float[]> sharedBasis;

    private BayesianSoftmaxRegression(SoftmaxWeights weights, FitReport report)
    {
        weights.Validate();
        Weights = weights;
        Report = report;
        columns = new Lazy<int[]>(() =>
        {
            var map = new int[weights.Features.Length == 0 ? 0 : weights.Features[^1] + 1];
            Array.Fill(map, -1);
            for (var j = 0; j < weights.Features.Length; j++)
            {
                map[weights.Features[j]] = j;
            }

            return map;
        });
        known = new Lazy<ulong[]>(() =>
        {
            var bits = new ulong[weights.Features.Length == 0 ? 0 : (weights.Features[^1] >> 6) + 1];
            foreach (var feature in weights.Features)
            {
                bits[feature >> 6] |= 1UL << (feature & 63);
            }

            return bits;
        });
        byFeature = new Lazy<float[]>(() =>
        {
            var (classes, f) = (weights.Classes, weights.Features.Length);
            var layout = new float[f * classes];
            for (var j = 0; j < f; j++)
            {
                for (var c = 0; c < classes; c++)
                {
                    layout[(j * classes) + c] = weights.SparseMean[(c * f) + j];
                }
            }

            return layout;
        });
        span = new Lazy<SpanBasis>(() => new SpanBasis(
            weights.Rank == 0 && weights.PivotIndices.Length == 0 ? null : new SparseMatrix(int.MaxValue, weights.PivotStarts, weights.PivotIndices, weights.PivotValues),
            weights.DenseDimension == 0 || weights.Rank == 0 ? null : new DenseMatrix(weights.DenseDimension, weights.PivotDense),
            weights.PivotFactor,
            weights.PivotKeys));

        // Padded to whole blocks of TriangularKernel (zeros beyond the rank add nothing).
        var padded = TriangularKernel.Padded(weights.Rank);
        sharedVariances = new Lazy<float[]>(() =>
        {
            var all = new float[weights.Classes * padded];
            for (var c = 0; c < weights.Classes; c++)
            {
                for (var j = 0; j < weights.Rank; j++)
                {
                    all[(c * padded) + j] = (float)(1 / (weights.DensePrecision + weights.SharedCurvature[(c * weights.Rank) + j]));
                }
            }

            return all;
        });
        sharedBasis = new Lazy<float[]>(() => TriangularKernel.Pad(weights.SharedBasis, weights.Rank));
        inverseFactors = new Lazy<float[]>(() =>
        {
            var rank = weights.Rank;
            if (weights.PrecisionFactor.Length == 0)
            {
                return [];
            }

            var all = new float[weights.Classes * padded * padded];
            for (var c = 0; c < weights.Classes; c++)
            {
                TriangularKernel.Pad(TriangularKernel.InverseTransposed(weights.PrecisionFactor.AsSpan(c * rank * rank, rank * rank), rank), rank).CopyTo(all, c * padded * padded);
            }

            return all;
        });

        var m = weights.DenseDimension;
        meanAtCenter = new float[weights.Classes];
        if (m > 0 && weights.DenseCenter.Length == m)
        {
            for (var c = 0; c < weights.Classes; c++)
            {
                meanAtCenter[c] = TensorPrimitives.Dot(weights.DenseMean.AsSpan(c * m, m), weights.DenseCenter);
            }
        }
    }

    public SoftmaxWeights Weights { get; }

    /// <summary>How the fit went (not saved: a loaded model reports <see cref="FitReport.None"/>).</summary>
    public FitReport Report { get; }

    public int Classes => Weights.Classes;

    public bool MultiLabel => false;

    /// <summary>The calibration applied to this model's logits.</summary>
    public Calibration Calibration => new(Weights.Temperature, Weights.VarianceScale);

    public static BayesianSoftmaxRegression FromWeights(SoftmaxWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new BayesianSoftmaxRegression(weights, FitReport.None);
    }

    internal static BayesianSoftmaxRegression FromFit(SoftmaxWeights weights, FitReport report) => new(weights, report);

    /// <summary>Fits labelled rows; <paramref name="warmStart"/> (the previous model) makes refits after one more label fast.</summary>
    /// <param name="span">The labelled rows' span kept for the whole corpus, already updated to these rows, when the caller has one; <paramref name="spanRows"/>[i] is row i's index in it. Without, the span of <paramref name="x"/>'s own rows (in their order).</param>
    public static BayesianSoftmaxRegression Fit(FeatureRows x, IReadOnlyList<int> labels, int classes, BayesianSoftmaxOptions options, BayesianSoftmaxRegression? warmStart = null, SpanProjection? span = null, IReadOnlyList<int>? spanRows = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (labels.Count != x.Rows)
        {
            throw new ArgumentException($"{labels.Count} labels for {x.Rows} rows.", nameof(labels));
        }

        // A shared span has been brought up to these rows by its owner; without one, the rows' own span.
        if (span is null || spanRows is null)
        {
            span = SpanProjection.Of(x, options.PosteriorRank);
            spanRows = [.. Enumerable.Range(0, x.Rows)];
        }

        return new SoftmaxFit(x, labels, classes, span, span.Basis(), spanRows).Run(options, warmStart);
    }

    /// <summary>Settings that fit again with this model's posterior precision, without searching for it (a refit between evaluations).</summary>
    public BayesianSoftmaxOptions KeepingPriors(BayesianSoftmaxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { PosteriorPrecision = Weights.SparsePrecision };
    }

    /// <summary>A copy whose logits are rescaled by <paramref name="calibration"/>.</summary>
    public BayesianSoftmaxRegression WithCalibration(Calibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return new(Weights with { Temperature = calibration.Temperature, VarianceScale = calibration.VarianceScale }, Report);
    }

    /// <summary>Mean and variance of each class's logit under the posterior, rows × classes each.</summary>
    public void LogitMoments(FeatureRows x, Span<float> mean, Span<float> variance)
    {
        ArgumentNullException.ThrowIfNull(x);
        LogitMoments(x, null, mean, variance);
    }

    /// <summary>
    /// Logit moments of the chosen rows of <paramref name="x"/> (all rows when null), in that order, without copying
    /// the features. Large inputs are split across cores; each row's result is the same either way.
    /// </summary>
    public void LogitMoments(FeatureRows x, int[]? rows, Span<float> mean, Span<float> variance) => LogitMoments(x, rows, mean, variance, null);

    /// <summary>
    /// As <see cref="LogitMoments(FeatureRows, int[], Span{float}, Span{float})"/>, reading each row's coordinates in the
    /// labelled span from <paramref name="projection"/> when it holds this model's span over <paramref name="x"/> (the
    /// refit's own projection of the corpus), instead of working them out row by row.
    /// </summary>
    public void LogitMoments(FeatureRows x, int[]? rows, Span<float> mean, Span<float> variance, SpanProjection? projection)
    {
        ArgumentNullException.ThrowIfNull(x);
        var count = rows?.Length ?? x.Rows;
        var classes = Classes;
        if (mean.Length < count * classes || variance.Length < count * classes)
        {
            throw new ArgumentException($"The outputs need {count} rows × {classes} classes.", nameof(mean));
        }

        if (x.Dense is { } dense && Weights.DenseDimension > 0 && dense.Dimension != Weights.DenseDimension)
        {
            throw new ArgumentException($"The dense features have {dense.Dimension} dimensions; this model was fitted on {Weights.DenseDimension}.", nameof(x));
        }

        var shared = projection is not null && ReferenceEquals(projection.Corpus, x) && Holds(projection) ? projection : null;
        var m = mean[..(count * classes)].ToArray();
        var v = variance[..(count * classes)].ToArray();
        var temperature = Weights.Temperature;
        var varianceScale = Weights.VarianceScale;
        const int Block = 1024;
        Parallel.For(0, (count + Block - 1) / Block, block =>
        {
            var scratch = new RowScratch(classes, Weights.DenseDimension, Weights.Rank);
            var end = Math.Min(count, (block + 1) * Block);
            for (var r = block * Block; r < end; r++)
            {
                RowMoments(x, rows is null ? r : rows[r], scratch, shared);
                for (var c = 0; c < classes; c++)
                {
                    m[(r * classes) + c] = (float)(scratch.Mean[c] / temperature);
                    v[(r * classes) + c] = (float)(scratch.Variance[c] * varianceScale / (temperature * temperature));
                }
            }
        });
        m.CopyTo(mean);
        v.CopyTo(variance);
    }

    /// <summary>Predictive class probabilities, integrating over the posterior with the probit approximation; rows × classes.</summary>
    public void PredictProbabilities(FeatureRows x, Span<float> output) => PredictProbabilities(x, output, null);

    /// <summary>Predictive probabilities, reading span coordinates from <paramref name="projection"/> where it holds them.</summary>
    public void PredictProbabilities(FeatureRows x, Span<float> output, SpanProjection? projection)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Rows * Classes;
        var mean = new float[n];
        var variance = new float[n];
        LogitMoments(x, null, mean, variance, projection);
        ProbitSoftmax(mean, variance, Classes, output);
    }

    /// <summary>The most probable class of each row under the predictive distribution.</summary>
    public int[] Predict(FeatureRows x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var probabilities = new float[x.Rows * Classes];
        PredictProbabilities(x, probabilities);
        return Evaluation.ClassificationMetrics.ArgMax(probabilities, Classes);
    }

    /// <summary>Predictive probabilities from logit moments already computed (softmax of mean / √(1 + π·variance / 8)).</summary>
    public static void ProbitSoftmax(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, int classes, Span<float> output)
    {
        var rows = mean.Length / classes;
        if (rows < 4096)
        {
            ProbitSoftmaxRows(mean, variance, classes, output, 0, rows);
            return;
        }

        // A pool of a million rows and many labels is millions of exponentials: split across cores.
        var (m, v) = (mean[..(rows * classes)].ToArray(), variance[..(rows * classes)].ToArray());
        var o = new float[rows * classes];
        const int Block = 4096;
        Parallel.For(0, (rows + Block - 1) / Block, block =>
            ProbitSoftmaxRows(m, v, classes, o, block * Block, Math.Min(rows, (block + 1) * Block)));
        o.CopyTo(output);
    }

    private static void ProbitSoftmaxRows(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, int classes, Span<float> output, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var row = output.Slice(i * classes, classes);

            // mean / √(1 + π·variance / 8), then a stable softmax.
            TensorPrimitives.Multiply(variance.Slice(i * classes, classes), MathF.PI / 8f, row);
            TensorPrimitives.Add(row, 1f, row);
            TensorPrimitives.ReciprocalSqrt(row, row);
            TensorPrimitives.Multiply(row, mean.Slice(i * classes, classes), row);
            var max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp(row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }
    }

    /// <summary>Whether the projection's first coordinates are this model's span (same pivots, in order).</summary>
    private bool Holds(SpanProjection projection)
    {
        var keys = Weights.PivotKeys;
        if (projection.Rank < keys.Length)
        {
            return false;
        }

        for (var t = 0; t < keys.Length; t++)
        {
            if (projection.KeyOf(projection.Pivots[t]) != keys[t])
            {
                return false;
            }
        }

        return true;
    }

    // Mean: wᵀx̃ + b. Variance: (‖x̃‖² − ‖z‖²)/λ + ‖L_c⁻¹z‖² + the bias's, with x̃ the row (dense block centred) and
    // z its coordinates in the labelled rows' span.
    private void RowMoments(FeatureRows x, int row, RowScratch scratch, SpanProjection? projection)
    {
        var classes = Classes;
        var rank = Weights.Rank;
        for (var c = 0; c < classes; c++)
        {
            scratch.Mean[c] = Weights.BiasMean[c];
            scratch.Variance[c] = Weights.BiasVariance[c];
        }

        if (x.Sparse is { } sparse)
        {
            SparseMeans(sparse, row, scratch);
        }

        if (x.Dense is { } dense && Weights.DenseDimension > 0)
        {
            DenseMeans(dense, row, scratch);
        }

        var z = scratch.Coordinates.AsSpan(0, rank);
        double norm;
        if (projection is not null)
        {
            projection.CoordinatesOf(row)[..rank].CopyTo(z);
            norm = projection.NormOf(row);
        }
        else
        {
            norm = span.Value.Coordinates(x, row, Weights.DenseDimension > 0 && Weights.DenseCenter.Length > 0 ? Weights.DenseCenter : null, z, scratch.Row);
        }

        var inSpan = TensorPrimitives.Dot<float>(z, z);
        var outside = Math.Max(0, norm - inSpan) / Weights.SparsePrecision;
        if (rank == 0)
        {
            for (var c = 0; c < classes; c++)
            {
                scratch.Variance[c] += outside;
            }

            return;
        }

        // The padded coordinates: z, then zeros (never written).
        var padded = scratch.Coordinates;
        var p = padded.Length;
        if (Weights.SharedBasis.Length > 0)
        {
            // Shared basis: the squares of the row's coordinates along it once, then per class their weighted sum.
            var squares = scratch.Work;
            TriangularKernel.SquaredNorm(sharedBasis.Value, padded, rank, p, upper: false, squares);
            var variances = sharedVariances.Value;
            for (var c = 0; c < classes; c++)
            {
                scratch.Variance[c] += outside + TensorPrimitives.Dot(squares, variances.AsSpan(c * p, p));
            }

            return;
        }

        var factors = inverseFactors.Value;
        for (var c = 0; c < classes; c++)
        {
            scratch.Variance[c] += outside + TriangularKernel.SquaredNorm(factors.AsSpan(c * p * p, p * p), padded, rank, p, upper: true, []);
        }
    }

    private void SparseMeans(SparseMatrix x, int row, RowScratch scratch)
    {
        var classes = Classes;
        var lookup = columns.Value;
        var bits = known.Value;
        var layout = byFeature.Value;
        var indices = x.RowIndices(row);
        var values = x.RowValues(row);
        var sums = scratch.Sparse;
        Array.Clear(sums);
        for (var t = 0; t < indices.Length; t++)
        {
            var column = indices[t];
            if ((column >> 6) >= bits.Length || (bits[column >> 6] & (1UL << (column & 63))) == 0)
            {
                continue;
            }

            var j = lookup[column];
            if (j < 0)
            {
                continue;
            }

            // The feature's weights for every class lie together: with many classes one vector multiply-add, with
            // few a plain loop (a call per feature would cost more than the arithmetic).
            if (classes >= 16)
            {
                TensorPrimitives.MultiplyAdd(layout.AsSpan(j * classes, classes), values[t], sums, sums);
            }
            else
            {
                var at = j * classes;
                var value = values[t];
                for (var c = 0; c < classes; c++)
                {
                    sums[c] += layout[at + c] * value;
                }
            }
        }

        for (var c = 0; c < classes; c++)
        {
            scratch.Mean[c] += sums[c];
        }
    }

    private void DenseMeans(DenseRows dense, int row, RowScratch scratch)
    {
        var m = Weights.DenseDimension;
        var d = scratch.Row;
        dense.CopyRow(row, d);
        for (var c = 0; c < Classes; c++)
        {
            scratch.Mean[c] += TensorPrimitives.Dot(Weights.DenseMean.AsSpan(c * m, m), d) - meanAtCenter[c];
        }
    }

    private sealed class RowScratch(int classes, int dimension, int rank)
    {
        public double[] Mean { get; } = new double[classes];

        public double[] Variance { get; } = new double[classes];

        public float[] Sparse { get; } = new float[classes];

        public float[] Row { get; } = new float[dimension];

        public float[] Coordinates { get; } = new float[TriangularKernel.Padded(rank)];

        public float[] Work { get; } = new float[TriangularKernel.Padded(rank)];
    }
}
