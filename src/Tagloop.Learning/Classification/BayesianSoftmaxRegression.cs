using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    // Column → 1 + the feature's slot (0 for columns the model never saw), 16-bit while the features fit (half the
    // cache lines), and the weights by slot (slot 0 all zeros, so an unseen column costs no branch), each slot's
    // classes padded to 4 floats when there are at most 4, else to whole 8-float vectors.
    private readonly Lazy<Array> slots;
    private readonly Lazy<float[]> slotWeights;

    // With many classes, the dense block's weights transposed (dimension × classes padded to whole kernel blocks).
    private readonly Lazy<float[]> denseByDimension;

    // The labelled rows' span, rebuilt from the weights on first use.
    private readonly Lazy<SpanBasis> span;

    // Wμ per class: the dense block's mean at the centre, subtracted rather than centring every row.
    private readonly float[] meanAtCenter;

    // (L_c⁻¹)ᵀ per class, padded rank² each: the posterior's span block ready for many rows (TriangularKernel).
    private readonly Lazy<float[]> inverseFactors;

    // With a shared basis: 1 / (λ + d_cj), the posterior variance along each shared direction (padded rank × classes
    // padded to whole kernel blocks), and the basis itself padded.
    private readonly Lazy<float[]> sharedVariances;
    private readonly Lazy<float[]> sharedBasis;

    private BayesianSoftmaxRegression(SoftmaxWeights weights, FitReport report)
    {
        weights.Validate();
        Weights = weights;
        Report = report;
        slots = new Lazy<Array>(() =>
        {
            var length = weights.Features.Length == 0 ? 0 : weights.Features[^1] + 1;
            if (weights.Features.Length < ushort.MaxValue)
            {
                var narrow = new ushort[length];
                for (var j = 0; j < weights.Features.Length; j++)
                {
                    narrow[weights.Features[j]] = (ushort)(j + 1);
                }

                return narrow;
            }

            var wide = new int[length];
            for (var j = 0; j < weights.Features.Length; j++)
            {
                wide[weights.Features[j]] = j + 1;
            }

            return wide;
        });
        slotWeights = new Lazy<float[]>(() =>
        {
            var (classes, f) = (weights.Classes, weights.Features.Length);
            var stride = SlotStride(classes);
            var layout = new float[(f + 1) * stride];
            for (var j = 0; j < f; j++)
            {
                for (var c = 0; c < classes; c++)
                {
                    layout[((j + 1) * stride) + c] = weights.SparseMean[(c * f) + j];
                }
            }

            return layout;
        });
        denseByDimension = new Lazy<float[]>(() =>
        {
            var (classes, m) = (weights.Classes, weights.DenseDimension);
            var stride = TriangularKernel.Padded(classes);
            var transposed = new float[m * stride];
            for (var c = 0; c < classes; c++)
            {
                for (var e = 0; e < m; e++)
                {
                    transposed[(e * stride) + c] = weights.DenseMean[(c * m) + e];
                }
            }

            return transposed;
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
            var stride = TriangularKernel.Padded(weights.Classes);
            var all = new float[padded * stride];
            for (var j = 0; j < weights.Rank; j++)
            {
                for (var c = 0; c < weights.Classes; c++)
                {
                    all[(j * stride) + c] = (float)(1 / (weights.DensePrecision + weights.SharedCurvature[(c * weights.Rank) + j]));
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
    /// <param name="weights">Each row's weight in the likelihood (a weak label counts for less than an answer), positive and finite; null for 1 each.</param>
    public static BayesianSoftmaxRegression Fit(FeatureRows x, IReadOnlyList<int> labels, int classes, BayesianSoftmaxOptions options, BayesianSoftmaxRegression? warmStart = null, SpanProjection? span = null, IReadOnlyList<int>? spanRows = null, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (labels.Count != x.Rows)
        {
            throw new ArgumentException($"{labels.Count} labels for {x.Rows} rows.", nameof(labels));
        }

        if (weights is not null)
        {
            if (weights.Count != x.Rows)
            {
                throw new ArgumentException($"{weights.Count} weights for {x.Rows} rows.", nameof(weights));
            }

            for (var i = 0; i < weights.Count; i++)
            {
                if (!(weights[i] > 0) || !double.IsFinite(weights[i]))
                {
                    throw new ArgumentOutOfRangeException(nameof(weights), weights[i], $"Row {i}'s weight must be positive and finite.");
                }
            }
        }

        // A shared span has been brought up to these rows by its owner; without one, the rows' own span.
        if (span is null || spanRows is null)
        {
            span = SpanProjection.Of(x, options.PosteriorRank);
            spanRows = [.. Enumerable.Range(0, x.Rows)];
        }

        return new SoftmaxFit(x, labels, classes, span, span.Basis(), spanRows, weights).Run(options, warmStart);
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
            for (var r = block * Block; r < end; r += TriangularKernel.RowGroup)
            {
                var group = Math.Min(TriangularKernel.RowGroup, end - r);
                GroupMoments(x, rows, r, group, scratch, shared);
                for (var g = 0; g < group; g++)
                {
                    for (var c = 0; c < classes; c++)
                    {
                        m[((r + g) * classes) + c] = (float)(scratch.Mean[(g * classes) + c] / temperature);
                        v[((r + g) * classes) + c] = (float)(scratch.Variance[(g * classes) + c] * varianceScale / (temperature * temperature));
                    }
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
    // z its coordinates in the labelled rows' span. Rows go in groups of four (TriangularKernel.Multiply4): the span
    // block's matrices, and with many classes the dense weights, are read once per group instead of once per row.
    private void GroupMoments(FeatureRows x, int[]? rows, int first, int group, RowScratch scratch, SpanProjection? projection)
    {
        var classes = Classes;
        var rank = Weights.Rank;
        var p = scratch.Stride;
        var z = scratch.Coordinates;
        var blockedDense = x.Dense is not null && Weights.DenseDimension > 0 && classes >= BlockedDenseClasses;
        Array.Clear(z);
        for (var g = 0; g < TriangularKernel.RowGroup; g++)
        {
            if (g >= group)
            {
                // The group's unused rows: zero coordinates and zero dense rows, read and left alone.
                if (blockedDense)
                {
                    Array.Clear(scratch.DenseGroup, g * Weights.DenseDimension, Weights.DenseDimension);
                }

                continue;
            }

            var row = rows is null ? first + g : rows[first + g];
            var means = scratch.Mean.AsSpan(g * classes, classes);
            var variances = scratch.Variance.AsSpan(g * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                means[c] = Weights.BiasMean[c];
                variances[c] = Weights.BiasVariance[c];
            }

            if (x.Sparse is { } sparse)
            {
                SparseMeans(sparse, row, means, scratch.Sparse);
            }

            if (x.Dense is { } dense && Weights.DenseDimension > 0)
            {
                if (blockedDense)
                {
                    dense.CopyRow(row, scratch.DenseGroup.AsSpan(g * Weights.DenseDimension, Weights.DenseDimension));
                }
                else
                {
                    DenseMeans(dense, row, means, scratch.Row);
                }
            }

            var coordinates = z.AsSpan(g * p, rank);
            double norm;
            if (projection is not null)
            {
                projection.CopyCoordinates(row, coordinates);
                norm = projection.NormOf(row);
            }
            else
            {
                norm = span.Value.Coordinates(x, row, Weights.DenseDimension > 0 && Weights.DenseCenter.Length > 0 ? Weights.DenseCenter : null, coordinates, scratch.Row);
            }

            var inSpan = TensorPrimitives.Dot<float>(coordinates, coordinates);
            var outside = Math.Max(0, norm - inSpan) / Weights.SparsePrecision;
            for (var c = 0; c < classes; c++)
            {
                variances[c] += outside;
            }
        }

        if (blockedDense)
        {
            var dimension = Weights.DenseDimension;
            var stride = TriangularKernel.Padded(classes);
            TriangularKernel.Multiply4(denseByDimension.Value, stride, dimension, scratch.DenseGroup, dimension, upper: false, scratch.ClassOutput);
            for (var g = 0; g < group; g++)
            {
                for (var c = 0; c < classes; c++)
                {
                    scratch.Mean[(g * classes) + c] += scratch.ClassOutput[(g * stride) + c] - meanAtCenter[c];
                }
            }
        }

        if (rank == 0)
        {
            return;
        }

        var output = scratch.Output;
        if (Weights.SharedBasis.Length > 0)
        {
            // Shared basis: the squares of the rows' coordinates along it once, then per class their weighted sum (for
            // all classes and the four rows at once, one more blocked product).
            TriangularKernel.Multiply4(sharedBasis.Value, p, rank, z, p, upper: false, output);
            TensorPrimitives.Multiply(output, output, output);
            var stride = TriangularKernel.Padded(classes);
            TriangularKernel.Multiply4(sharedVariances.Value, stride, rank, output, p, upper: false, scratch.ClassOutput);
            for (var g = 0; g < group; g++)
            {
                for (var c = 0; c < classes; c++)
                {
                    scratch.Variance[(g * classes) + c] += scratch.ClassOutput[(g * stride) + c];
                }
            }

            return;
        }

        var factors = inverseFactors.Value;
        for (var c = 0; c < classes; c++)
        {
            TriangularKernel.Multiply4(factors.AsSpan(c * p * p, p * p), p, rank, z, p, upper: true, output);
            for (var g = 0; g < group; g++)
            {
                var y = output.AsSpan(g * p, p);
                scratch.Variance[(g * classes) + c] += TensorPrimitives.Dot<float>(y, y);
            }
        }
    }

    /// <summary>From this many classes the dense means go four rows at a time through the blocked kernel (below, the padding to 32 classes would cost more than it saves).</summary>
    private const int BlockedDenseClasses = 16;

    private void SparseMeans(SparseMatrix x, int row, Span<double> means, float[] sums)
    {
        var entries = x.Row(row);
        switch (slots.Value, entries.IsPacked)
        {
            case (ushort[] narrow, true):
                SlotSums(narrow, new PackedNonZeros(entries.Entries), sums);
                break;
            case (ushort[] narrow, false):
                SlotSums(narrow, new PlainNonZeros(x.RowIndices(row), x.RowValues(row)), sums);
                break;
            case (int[] wide, true):
                SlotSums(wide, new PackedNonZeros(entries.Entries), sums);
                break;
            default:
                SlotSums((int[])slots.Value, new PlainNonZeros(x.RowIndices(row), x.RowValues(row)), sums);
                break;
        }

        for (var c = 0; c < Classes; c++)
        {
            means[c] += sums[c];
        }
    }

    /// <summary>Σ value × the feature's weights over a row's non-zeros into <paramref name="sums"/> (<see cref="SlotStride"/> floats).</summary>
    private void SlotSums<T, TNonZeros>(T[] slot, TNonZeros row, float[] sums)
        where T : unmanaged, IBinaryInteger<T>
        where TNonZeros : INonZeros, allows ref struct
    {
        var stride = SlotStride(Classes);
        ref var w = ref MemoryMarshal.GetArrayDataReference(slotWeights.Value);
        if (stride == 4)
        {
            // Up to four classes: one 4-float multiply-add per non-zero.
            var acc = Vector128<float>.Zero;
            for (var t = 0; t < row.Length; t++)
            {
                var column = row.Column(t);
                var j = column < slot.Length ? int.CreateTruncating(slot[column]) : 0;
                acc = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref w, (nuint)(j * 4)), Vector128.Create(row.Value(t)), acc);
            }

            acc.CopyTo(sums);
            return;
        }

        // More classes: whole 8-float vectors multiply-added in place (a library call per non-zero would cost more than
        // its few vectors of arithmetic).
        Array.Clear(sums);
        ref var total = ref MemoryMarshal.GetArrayDataReference(sums);
        for (var t = 0; t < row.Length; t++)
        {
            var column = row.Column(t);
            var at = (nuint)((column < slot.Length ? int.CreateTruncating(slot[column]) : 0) * stride);
            var value = Vector256.Create(row.Value(t));
            for (nuint e = 0; e < (nuint)stride; e += 8)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, at + e), value, Vector256.LoadUnsafe(ref total, e)).StoreUnsafe(ref total, e);
            }
        }
    }

    /// <summary>A row's non-zeros as the slot sums read them, one implementation per layout so that each loop is straight.</summary>
    private interface INonZeros
    {
        int Length { get; }

        int Column(int t);

        float Value(int t);
    }

    private readonly ref struct PlainNonZeros(ReadOnlySpan<int> indices, ReadOnlySpan<float> values) : INonZeros
    {
        private readonly ReadOnlySpan<int> indices = indices;
        private readonly ReadOnlySpan<float> values = values;

        public int Length => indices.Length;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Column(int t) => indices[t];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Value(int t) => values[t];
    }

    private readonly ref struct PackedNonZeros(ReadOnlySpan<uint> entries) : INonZeros
    {
        private readonly ReadOnlySpan<uint> entries = entries;

        public int Length => entries.Length;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Column(int t) => SparseMatrix.ColumnOf(entries[t]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Value(int t) => SparseMatrix.ValueOf(entries[t]);
    }

    private static int SlotStride(int classes) => classes <= 4 ? 4 : (classes + 7) / 8 * 8;

    private void DenseMeans(DenseRows dense, int row, Span<double> means, float[] d)
    {
        var m = Weights.DenseDimension;
        dense.CopyRow(row, d);
        for (var c = 0; c < Classes; c++)
        {
            means[c] += TensorPrimitives.Dot(Weights.DenseMean.AsSpan(c * m, m), d) - meanAtCenter[c];
        }
    }

    private sealed class RowScratch(int classes, int dimension, int rank)
    {
        public double[] Mean { get; } = new double[TriangularKernel.RowGroup * classes];

        public double[] Variance { get; } = new double[TriangularKernel.RowGroup * classes];

        public float[] Sparse { get; } = new float[SlotStride(classes)];

        public float[] Row { get; } = new float[dimension];

        public int Stride { get; } = TriangularKernel.Padded(rank);

        /// <summary>The group's coordinates, four padded rows (zeros beyond the rank).</summary>
        public float[] Coordinates { get; } = new float[TriangularKernel.RowGroup * TriangularKernel.Padded(rank)];

        public float[] Output { get; } = new float[TriangularKernel.RowGroup * TriangularKernel.Padded(rank)];

        public float[] DenseGroup { get; } = new float[TriangularKernel.RowGroup * dimension];

        public float[] ClassOutput { get; } = new float[TriangularKernel.RowGroup * TriangularKernel.Padded(classes)];
    }
}
