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
public sealed class BayesianSoftmaxRegression
{
    private readonly int width;

    // Column → weight row, built on first use: a lookup per non-zero instead of a binary search.
    private readonly Lazy<Dictionary<int, int>> columns;

    private BayesianSoftmaxRegression(SoftmaxWeights weights)
    {
        Weights = weights;
        width = weights.Features.Length + 1;
        columns = new Lazy<Dictionary<int, int>>(() =>
        {
            var map = new Dictionary<int, int>(weights.Features.Length);
            for (var j = 0; j < weights.Features.Length; j++)
            {
                map[weights.Features[j]] = j;
            }

            return map;
        });
    }

    public SoftmaxWeights Weights { get; }

    public int Classes => Weights.Classes;

    public static BayesianSoftmaxRegression FromWeights(SoftmaxWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.FormatVersion != SoftmaxWeights.CurrentFormat)
        {
            throw new NotSupportedException($"Softmax weights format {weights.FormatVersion} is not supported (expected {SoftmaxWeights.CurrentFormat}).");
        }

        var expected = weights.Classes * (weights.Features.Length + 1);
        if (weights.Mean.Length != expected || weights.Variance.Length != expected)
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

        return new BayesianSoftmaxRegression(new SoftmaxWeights(SoftmaxWeights.CurrentFormat, classes, features, mean, variance, options.PriorPrecision, 1f));
    }

    /// <summary>A copy whose logits are divided by <paramref name="temperature"/> (calibration).</summary>
    public BayesianSoftmaxRegression WithTemperature(float temperature) =>
        new(Weights with { Temperature = temperature });

    /// <summary>Mean and variance of each class's logit under the posterior, rows × classes each.</summary>
    public void LogitMoments(SparseMatrix x, Span<float> mean, Span<float> variance)
    {
        ArgumentNullException.ThrowIfNull(x);
        var classes = Classes;
        var lookup = columns.Value;
        for (var i = 0; i < x.Rows; i++)
        {
            var indices = x.RowIndices(i);
            var values = x.RowValues(i);
            for (var c = 0; c < classes; c++)
            {
                var offset = c * width;
                double m = Weights.Mean[offset + width - 1];
                double v = Weights.Variance[offset + width - 1];
                for (var k = 0; k < indices.Length; k++)
                {
                    if (lookup.TryGetValue(indices[k], out var j))
                    {
                        m += Weights.Mean[offset + j] * values[k];
                        v += Weights.Variance[offset + j] * values[k] * values[k];
                    }
                    else
                    {
                        // A feature never seen in training still carries prior uncertainty.
                        v += values[k] * values[k] / Weights.PriorPrecision;
                    }
                }

                mean[(i * classes) + c] = (float)(m / Weights.Temperature);
                variance[(i * classes) + c] = (float)(v / (Weights.Temperature * Weights.Temperature));
            }
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
        var k = Classes;
        var probabilities = new float[x.Rows * k];
        PredictProbabilities(x, probabilities);
        var predicted = new int[x.Rows];
        for (var i = 0; i < x.Rows; i++)
        {
            var best = 0;
            for (var c = 1; c < k; c++)
            {
                if (probabilities[(i * k) + c] > probabilities[(i * k) + best])
                {
                    best = c;
                }
            }

            predicted[i] = best;
        }

        return predicted;
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
