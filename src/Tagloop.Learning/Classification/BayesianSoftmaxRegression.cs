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

    // The sparse block feature by feature: each class's weight, then the feature's basis coordinates, so that a
    // non-zero reads one short run.
    private readonly Lazy<float[]> byFeature;

    // Dense constants: Wμ per class, Qμ per basis row, ‖μ‖².
    private readonly float[] meanAtCenter;
    private readonly float[] basisAtCenter;
    private readonly float centerNorm;

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
        byFeature = new Lazy<float[]>(() =>
        {
            var (classes, f, rank) = (weights.Classes, weights.Features.Length, weights.Rank);
            var stride = classes + rank;
            var layout = new float[f * stride];
            for (var j = 0; j < f; j++)
            {
                for (var c = 0; c < classes; c++)
                {
                    layout[(j * stride) + c] = weights.SparseMean[(c * f) + j];
                }

                weights.SparseBasis.AsSpan(j * rank, rank).CopyTo(layout.AsSpan((j * stride) + classes, rank));
            }

            return layout;
        });

        var m = weights.DenseDimension;
        meanAtCenter = new float[weights.Classes];
        basisAtCenter = new float[weights.Rank];
        if (m > 0 && weights.DenseCenter.Length == m)
        {
            for (var c = 0; c < weights.Classes; c++)
            {
                meanAtCenter[c] = TensorPrimitives.Dot(weights.DenseMean.AsSpan(c * m, m), weights.DenseCenter);
            }

            for (var r = 0; r < weights.Rank; r++)
            {
                basisAtCenter[r] = TensorPrimitives.Dot(weights.DenseBasis.AsSpan(r * m, m), weights.DenseCenter);
            }

            centerNorm = TensorPrimitives.Dot(weights.DenseCenter, weights.DenseCenter);
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
    public static BayesianSoftmaxRegression Fit(FeatureRows x, IReadOnlyList<int> labels, int classes, BayesianSoftmaxOptions options, BayesianSoftmaxRegression? warmStart = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (labels.Count != x.Rows)
        {
            throw new ArgumentException($"{labels.Count} labels for {x.Rows} rows.", nameof(labels));
        }

        return new SoftmaxFit(x, labels, classes, options.PosteriorRank).Run(options, warmStart);
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
    public void LogitMoments(FeatureRows x, int[]? rows, Span<float> mean, Span<float> variance)
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
                RowMoments(x, rows is null ? r : rows[r], scratch);
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
    public void PredictProbabilities(FeatureRows x, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Rows * Classes;
        var mean = new float[n];
        var variance = new float[n];
        LogitMoments(x, mean, variance);
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
        for (var i = 0; i < rows; i++)
        {
            var max = float.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                var k = (i * classes) + c;
                output[k] = mean[k] / MathF.Sqrt(1f + (MathF.PI * variance[k] / 8f));
                max = MathF.Max(max, output[k]);
            }

            var sum = 0f;
            for (var c = 0; c < classes; c++)
            {
                var k = (i * classes) + c;
                output[k] = MathF.Exp(output[k] - max);
                sum += output[k];
            }

            for (var c = 0; c < classes; c++)
            {
                output[(i * classes) + c] /= sum;
            }
        }
    }

    // Mean: wᵀx̃ + b. Variance: (‖x̃‖² − ‖z‖²)/λ + ‖L_c⁻¹z‖² + the bias's, with x̃ the row (dense block centred) and
    // z its coordinates in the labelled rows' span.
    private void RowMoments(FeatureRows x, int row, RowScratch scratch)
    {
        var classes = Classes;
        var rank = Weights.Rank;
        var z = scratch.Coordinates;
        Array.Clear(z);
        for (var c = 0; c < classes; c++)
        {
            scratch.Mean[c] = Weights.BiasMean[c];
            scratch.Variance[c] = Weights.BiasVariance[c];
        }

        var norm = 0.0;
        if (x.Sparse is { } sparse)
        {
            norm += SparseMoments(sparse, row, scratch);
        }

        if (x.Dense is { } dense && Weights.DenseDimension > 0)
        {
            norm += DenseMoments(dense, row, scratch);
        }

        var inSpan = TensorPrimitives.Dot(z, z);
        var outside = Math.Max(0, norm - inSpan) / Weights.SparsePrecision;
        for (var c = 0; c < classes; c++)
        {
            var within = rank == 0 ? 0f : Cholesky.InverseQuadratic(Weights.PrecisionFactor.AsSpan(c * rank * rank, rank * rank), z, scratch.Work);
            scratch.Variance[c] += outside + within;
        }
    }

    /// <summary>Adds the sparse block's share of the means and coordinates; returns its squared norm.</summary>
    private double SparseMoments(SparseMatrix x, int row, RowScratch scratch)
    {
        var classes = Classes;
        var rank = Weights.Rank;
        var lookup = columns.Value;
        var layout = byFeature.Value;
        var stride = classes + rank;
        var z = scratch.Coordinates.AsSpan();
        var norm = 0.0;
        var indices = x.RowIndices(row);
        var values = x.RowValues(row);
        for (var t = 0; t < indices.Length; t++)
        {
            var value = values[t];
            norm += (double)value * value;
            var column = indices[t];
            var j = column < lookup.Length ? lookup[column] : -1;
            if (j < 0)
            {
                // A feature never seen in training lies outside the span: its weight keeps the prior's variance.
                continue;
            }

            var at = j * stride;
            for (var c = 0; c < classes; c++)
            {
                scratch.Mean[c] += layout[at + c] * value;
            }

            TensorPrimitives.MultiplyAdd(layout.AsSpan(at + classes, rank), value, z, z);
        }

        return norm;
    }

    /// <summary>Adds the dense block's share of the means and coordinates; returns the centred row's squared norm.</summary>
    private double DenseMoments(DenseRows dense, int row, RowScratch scratch)
    {
        var m = Weights.DenseDimension;
        var rank = Weights.Rank;
        var d = scratch.Row;
        dense.CopyRow(row, d);
        var centered = Weights.DenseCenter.Length == m;
        var norm = TensorPrimitives.Dot(d, d) + (centered ? centerNorm - (2 * TensorPrimitives.Dot(Weights.DenseCenter, d)) : 0f);
        for (var c = 0; c < Classes; c++)
        {
            scratch.Mean[c] += TensorPrimitives.Dot(Weights.DenseMean.AsSpan(c * m, m), d) - meanAtCenter[c];
        }

        var z = scratch.Coordinates;
        for (var r = 0; r < rank; r++)
        {
            z[r] += TensorPrimitives.Dot(Weights.DenseBasis.AsSpan(r * m, m), d) - basisAtCenter[r];
        }

        return Math.Max(0, norm);
    }

    private sealed class RowScratch(int classes, int dimension, int rank)
    {
        public double[] Mean { get; } = new double[classes];

        public double[] Variance { get; } = new double[classes];

        public float[] Row { get; } = new float[dimension];

        public float[] Coordinates { get; } = new float[rank];

        public float[] Work { get; } = new float[rank];
    }
}
