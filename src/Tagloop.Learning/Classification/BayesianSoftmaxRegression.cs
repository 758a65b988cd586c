using Tagloop.Learning.Encoders;
using Tagloop.Learning.Optimization;

namespace Tagloop.Learning.Classification;

/// <summary>
/// Multinomial logistic regression with a Gaussian prior and a diagonal Laplace posterior (MacKay 1992):
/// the MAP weights are found by L-BFGS; the posterior variance of each weight is the inverse of the Hessian's
/// diagonal at the MAP. Predictions integrate over the posterior with the probit approximation
/// (Spiegelhalter and Lauritzen 1990; MacKay 1992), and logit samples feed BALD (Houlsby et al. 2011).
/// Only features seen in training carry weights, so a hashed space of 2^18 features costs nothing extra.
/// Immutable and thread-safe once fitted.
/// </summary>
public sealed class BayesianSoftmaxRegression : ILabelModel
{
    private readonly int width;

    // Column → weight row (−1 for columns the model never saw), built on first use: an array read per non-zero.
    private readonly Lazy<int[]> columns;

    // The posterior feature by feature: for feature j and class c, mean at (j·classes + c)·2 and variance after it.
    private readonly Lazy<float[]> byFeature;

    private BayesianSoftmaxRegression(SoftmaxWeights weights)
    {
        Weights = weights;
        width = weights.Features.Length + 1;
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
            var classes = weights.Classes;
            var layout = new float[width * classes * 2];
            for (var c = 0; c < classes; c++)
            {
                for (var j = 0; j < width; j++)
                {
                    layout[(((j * classes) + c) * 2) + 0] = weights.Mean[(c * width) + j];
                    layout[(((j * classes) + c) * 2) + 1] = weights.Variance[(c * width) + j];
                }
            }

            return layout;
        });
    }

    public SoftmaxWeights Weights { get; }

    public int Classes => Weights.Classes;

    public bool MultiLabel => false;

    public static BayesianSoftmaxRegression FromWeights(SoftmaxWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.FormatVersion != SoftmaxWeights.CurrentFormat)
        {
            throw new NotSupportedException($"Softmax weights format {weights.FormatVersion} is not supported (expected {SoftmaxWeights.CurrentFormat}).");
        }

        var expected = weights.Classes * (weights.Features.Length + 1);
        if (weights.Mean.Length != expected || weights.Variance.Length != expected
            || (weights.Covariance is not null && weights.Covariance.Length != expected * (weights.Features.Length + 1)))
        {
            throw new ArgumentException("The weights do not match their feature and class counts.", nameof(weights));
        }

        return new BayesianSoftmaxRegression(weights);
    }

    /// <summary>Fits labelled rows; <paramref name="warmStart"/> (the previous model) makes refits after one more label fast.</summary>
    public static BayesianSoftmaxRegression Fit(SparseMatrix x, IReadOnlyList<int> labels, int classes, BayesianSoftmaxOptions options, BayesianSoftmaxRegression? warmStart = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (labels.Count != x.Rows)
        {
            throw new ArgumentException($"{labels.Count} labels for {x.Rows} rows.", nameof(labels));
        }

        var features = x.Indices.Distinct().Order().ToArray();
        var d = features.Length + 1;
        var local = new int[x.Indices.Length];
        for (var k = 0; k < local.Length; k++)
        {
            local[k] = Array.BinarySearch(features, x.Indices[k]);
        }

        var w = new double[classes * d];
        if (warmStart is not null && warmStart.Classes == classes)
        {
            for (var c = 0; c < classes; c++)
            {
                for (var j = 0; j < features.Length; j++)
                {
                    var old = Array.BinarySearch(warmStart.Weights.Features, features[j]);
                    if (old >= 0)
                    {
                        w[(c * d) + j] = warmStart.Weights.Mean[(c * warmStart.width) + old];
                    }
                }

                w[(c * d) + d - 1] = warmStart.Weights.Mean[(c * warmStart.width) + warmStart.width - 1];
            }
        }

        var probabilities = new double[classes];
        double Objective(ReadOnlySpan<double> weights, Span<double> gradient)
        {
            gradient.Clear();
            var loss = 0.0;
            for (var i = 0; i < x.Rows; i++)
            {
                var start = x.RowStart[i];
                var end = x.RowStart[i + 1];
                var max = double.NegativeInfinity;
                for (var c = 0; c < classes; c++)
                {
                    var z = weights[(c * d) + d - 1];
                    for (var k = start; k < end; k++)
                    {
                        z += weights[(c * d) + local[k]] * x.Values[k];
                    }

                    probabilities[c] = z;
                    max = Math.Max(max, z);
                }

                var sum = 0.0;
                for (var c = 0; c < classes; c++)
                {
                    probabilities[c] = Math.Exp(probabilities[c] - max);
                    sum += probabilities[c];
                }

                var y = labels[i];
                loss += Math.Log(sum) - Math.Log(probabilities[y]);
                for (var c = 0; c < classes; c++)
                {
                    var residual = (probabilities[c] / sum) - (c == y ? 1.0 : 0.0);
                    gradient[(c * d) + d - 1] += residual;
                    for (var k = start; k < end; k++)
                    {
                        gradient[(c * d) + local[k]] += residual * x.Values[k];
                    }
                }
            }

            for (var c = 0; c < classes; c++)
            {
                for (var j = 0; j < d; j++)
                {
                    var precision = j == d - 1 ? options.BiasPrecision : options.PriorPrecision;
                    var v = weights[(c * d) + j];
                    loss += 0.5 * precision * v * v;
                    gradient[(c * d) + j] += precision * v;
                }
            }

            return loss;
        }

        Lbfgs.Minimize(Objective, w, maxIterations: options.MaxIterations);

        // Diagonal of the Hessian at the MAP: Σ p(1-p) x² plus the prior precision.
        var hessian = new double[classes * d];
        for (var i = 0; i < x.Rows; i++)
        {
            var start = x.RowStart[i];
            var end = x.RowStart[i + 1];
            Softmax(w, d, classes, local, x, start, end, probabilities);
            for (var c = 0; c < classes; c++)
            {
                var curvature = probabilities[c] * (1 - probabilities[c]);
                hessian[(c * d) + d - 1] += curvature;
                for (var k = start; k < end; k++)
                {
                    hessian[(c * d) + local[k]] += curvature * x.Values[k] * x.Values[k];
                }
            }
        }

        var mean = new float[classes * d];
        var variance = new float[classes * d];
        for (var c = 0; c < classes; c++)
        {
            for (var j = 0; j < d; j++)
            {
                var precision = j == d - 1 ? options.BiasPrecision : options.PriorPrecision;
                mean[(c * d) + j] = (float)w[(c * d) + j];
                variance[(c * d) + j] = (float)(1.0 / (hessian[(c * d) + j] + precision));
            }
        }

        // Dense and few features (sentence embeddings): the full covariance of each class's weights, which the
        // diagonal would misstate badly where features are correlated, as embedding dimensions are.
        var covariance = IsDenseAndFew(x, d, options) ? FullCovariance(x, w, d, classes, local, options, variance) : null;
        return new BayesianSoftmaxRegression(new SoftmaxWeights(SoftmaxWeights.CurrentFormat, classes, features, mean, variance, options.PriorPrecision, 1f) { Covariance = covariance });
    }

    private static bool IsDenseAndFew(SparseMatrix x, int d, BayesianSoftmaxOptions options) =>
        options.FullCovarianceUpTo > 0 && d - 1 <= options.FullCovarianceUpTo && x.Rows > 0 && x.Indices.Length >= 0.5 * x.Rows * (d - 1);

    /// <summary>
    /// Per class c, Σ_c = (Σ_i p_ic(1 − p_ic) x̃_i x̃_iᵀ + Λ)⁻¹ with x̃ = (x, 1): the class-wise blocks of the Laplace
    /// covariance (the cross-class blocks are left out, as is usual for softmax). Inverted by Cholesky. Writes the
    /// diagonal into <paramref name="variance"/>; returns classes × d × d, row-major.
    /// </summary>
    private static float[] FullCovariance(SparseMatrix x, double[] w, int d, int classes, int[] local, BayesianSoftmaxOptions options, float[] variance)
    {
        var probabilities = new double[classes];
        var curvatures = new double[x.Rows * classes];
        for (var i = 0; i < x.Rows; i++)
        {
            Softmax(w, d, classes, local, x, x.RowStart[i], x.RowStart[i + 1], probabilities);
            for (var c = 0; c < classes; c++)
            {
                curvatures[(i * classes) + c] = probabilities[c] * (1 - probabilities[c]);
            }
        }

        var result = new float[classes * d * d];
        var h = new double[d * d];
        var dense = new double[d];
        for (var c = 0; c < classes; c++)
        {
            Array.Clear(h);
            for (var i = 0; i < x.Rows; i++)
            {
                var start = x.RowStart[i];
                var end = x.RowStart[i + 1];
                var curvature = curvatures[(i * classes) + c];
                Array.Clear(dense);
                for (var k = start; k < end; k++)
                {
                    dense[local[k]] += x.Values[k];
                }

                dense[d - 1] = 1;
                for (var a = 0; a < d; a++)
                {
                    if (dense[a] == 0)
                    {
                        continue;
                    }

                    var scaled = curvature * dense[a];
                    for (var b = 0; b <= a; b++)
                    {
                        h[(a * d) + b] += scaled * dense[b];
                    }
                }
            }

            for (var a = 0; a < d; a++)
            {
                h[(a * d) + a] += a == d - 1 ? options.BiasPrecision : options.PriorPrecision;
            }

            var inverse = Cholesky.InvertLower(h, d);
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b < d; b++)
                {
                    result[(c * d * d) + (a * d) + b] = (float)inverse[(a * d) + b];
                }

                variance[(c * d) + a] = (float)inverse[(a * d) + a];
            }
        }

        return result;
    }

    // With full covariance: the logit variance is x̃ᵀ Σ_c x̃ over the features the model knows, plus the prior
    // variance of those it does not.
    private void FullRowMoments(SparseMatrix x, int row, int[] lookup, double[] sumMean, double[] sumVariance)
    {
        var classes = Classes;
        var d = width;
        var dense = new double[d];
        var unseen = 0.0;
        var indices = x.RowIndices(row);
        var values = x.RowValues(row);
        for (var k = 0; k < indices.Length; k++)
        {
            var j = indices[k] < lookup.Length ? lookup[indices[k]] : -1;
            if (j < 0)
            {
                unseen += (double)values[k] * values[k] / Weights.PriorPrecision;
            }
            else
            {
                dense[j] += values[k];
            }
        }

        dense[d - 1] = 1;
        var covariance = Weights.Covariance!;
        for (var c = 0; c < classes; c++)
        {
            var m = 0.0;
            var v = 0.0;
            var block = c * d * d;
            for (var a = 0; a < d; a++)
            {
                if (dense[a] == 0)
                {
                    continue;
                }

                m += Weights.Mean[(c * d) + a] * dense[a];
                var t = 0.0;
                for (var b = 0; b < d; b++)
                {
                    t += covariance[block + (a * d) + b] * dense[b];
                }

                v += dense[a] * t;
            }

            sumMean[c] = m;
            sumVariance[c] = Math.Max(0, v) + unseen;
        }
    }

    /// <summary>The calibration applied to this model's logits.</summary>
    public Calibration Calibration => new(Weights.Temperature, Weights.VarianceScale);

    /// <summary>A copy whose logits are rescaled by <paramref name="calibration"/>.</summary>
    public BayesianSoftmaxRegression WithCalibration(Calibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return new(Weights with { Temperature = calibration.Temperature, VarianceScale = calibration.VarianceScale });
    }

    /// <summary>Mean and variance of each class's logit under the posterior, rows × classes each.</summary>
    public void LogitMoments(SparseMatrix x, Span<float> mean, Span<float> variance)
    {
        ArgumentNullException.ThrowIfNull(x);
        LogitMoments(x, null, mean, variance);
    }

    /// <summary>
    /// Logit moments of the chosen rows of <paramref name="x"/> (all rows when null), in that order, without copying
    /// the matrix. Large inputs are split across cores; each row's result is the same either way.
    /// </summary>
    public void LogitMoments(SparseMatrix x, int[]? rows, Span<float> mean, Span<float> variance)
    {
        ArgumentNullException.ThrowIfNull(x);
        var count = rows?.Length ?? x.Rows;
        var classes = Classes;
        if (mean.Length < count * classes || variance.Length < count * classes)
        {
            throw new ArgumentException($"The outputs need {count} rows × {classes} classes.", nameof(mean));
        }

        var lookup = columns.Value;
        var m = mean[..(count * classes)].ToArray();
        var v = variance[..(count * classes)].ToArray();
        const int Block = 2048;
        Parallel.For(0, (count + Block - 1) / Block, block =>
        {
            var sumMean = new double[classes];
            var sumVariance = new double[classes];
            var end = Math.Min(count, (block + 1) * Block);
            for (var r = block * Block; r < end; r++)
            {
                RowMoments(x, rows is null ? r : rows[r], lookup, sumMean, sumVariance);
                for (var c = 0; c < classes; c++)
                {
                    m[(r * classes) + c] = (float)(sumMean[c] / Weights.Temperature);
                    v[(r * classes) + c] = (float)(sumVariance[c] * Weights.VarianceScale / (Weights.Temperature * Weights.Temperature));
                }
            }
        });
        m.CopyTo(mean);
        v.CopyTo(variance);
    }

    private void RowMoments(SparseMatrix x, int row, int[] lookup, double[] sumMean, double[] sumVariance)
    {
        if (Weights.Covariance is not null)
        {
            FullRowMoments(x, row, lookup, sumMean, sumVariance);
            return;
        }

        // Weights laid out feature by feature (mean, variance for each class), so a non-zero reads one short run.
        var classes = Classes;
        var layout = byFeature.Value;
        var stride = classes * 2;
        var biasAt = (width - 1) * stride;
        for (var c = 0; c < classes; c++)
        {
            sumMean[c] = layout[biasAt + (2 * c)];
            sumVariance[c] = layout[biasAt + (2 * c) + 1];
        }

        var unseen = 0.0;
        var indices = x.RowIndices(row);
        var values = x.RowValues(row);
        for (var k = 0; k < indices.Length; k++)
        {
            var column = indices[k];
            var j = column < lookup.Length ? lookup[column] : -1;
            var value = (double)values[k];
            if (j < 0)
            {
                // A feature never seen in training still carries prior uncertainty.
                unseen += value * value;
                continue;
            }

            var at = j * stride;
            for (var c = 0; c < classes; c++)
            {
                sumMean[c] += layout[at + (2 * c)] * value;
                sumVariance[c] += layout[at + (2 * c) + 1] * value * value;
            }
        }

        var prior = unseen / Weights.PriorPrecision;
        for (var c = 0; c < classes; c++)
        {
            sumVariance[c] += prior;
        }
    }

    /// <summary>Predictive class probabilities, integrating over the posterior with the probit approximation; rows × classes.</summary>
    public void PredictProbabilities(SparseMatrix x, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Rows * Classes;
        var mean = new float[n];
        var variance = new float[n];
        LogitMoments(x, mean, variance);
        ProbitSoftmax(mean, variance, Classes, output);
    }

    /// <summary>The most probable class of each row under the predictive distribution.</summary>
    public int[] Predict(SparseMatrix x)
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

    private static void Softmax(double[] w, int d, int classes, int[] local, SparseMatrix x, int start, int end, double[] output)
    {
        var max = double.NegativeInfinity;
        for (var c = 0; c < classes; c++)
        {
            var z = w[(c * d) + d - 1];
            for (var k = start; k < end; k++)
            {
                z += w[(c * d) + local[k]] * x.Values[k];
            }

            output[c] = z;
            max = Math.Max(max, z);
        }

        var sum = 0.0;
        for (var c = 0; c < classes; c++)
        {
            output[c] = Math.Exp(output[c] - max);
            sum += output[c];
        }

        for (var c = 0; c < classes; c++)
        {
            output[c] /= sum;
        }
    }
}
