using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Optimization;

namespace Tagloop.Learning.Classification;

/// <summary>Settings of <see cref="SoftTargetSoftmax"/>: L2 precisions per feature block and the optimiser's budget.</summary>
/// <param name="SparsePrecision">λ on the sparse (TF-IDF) weights, per unit of average row weight.</param>
/// <param name="DensePrecision">λ on the dense (embedding) weights.</param>
/// <param name="MaxIterations">L-BFGS iterations at most.</param>
public sealed record SoftTargetOptions(double SparsePrecision = 1e-3, double DensePrecision = 1e-3, int MaxIterations = 60)
{
    public static SoftTargetOptions Default { get; } = new();
}

/// <summary>
/// Multinomial logistic regression fitted to probabilistic targets with a weight per row: the end model of weak
/// supervision, where each document's target is a label model's distribution over classes (and a human answer is a
/// one-hot target with a larger weight). Minimises Σᵢ wᵢ·(log Σ_c exp zᵢc − Σ_c qᵢc zᵢc) / Σᵢ wᵢ + ½λ‖W‖² by L-BFGS,
/// the bias unpenalised; rows are split into fixed blocks summed in order, so the result does not depend on threads.
/// A point estimate (no posterior): <see cref="BayesianSoftmaxRegression"/> stays the model that active learning reads.
/// </summary>
public sealed class SoftTargetSoftmax : ILabelModel
{
    private const int Blocks = 4;
    private readonly int[] columns;
    private readonly float[] sparseWeights;
    private readonly float[] denseWeights;
    private readonly float[] bias;
    private readonly float[] center;

    private SoftTargetSoftmax(int classes, int[] columns, float[] sparseWeights, int dimension, float[] denseWeights, float[] bias, float[] center, LbfgsResult fit)
    {
        Classes = classes;
        this.columns = columns;
        this.sparseWeights = sparseWeights;
        Dimension = dimension;
        this.denseWeights = denseWeights;
        this.bias = bias;
        this.center = center;
        Fit = fit;
    }

    public int Classes { get; }

    public bool MultiLabel => false;

    /// <summary>The dense block's width the model was fitted on (0 without one).</summary>
    public int Dimension { get; }

    /// <summary>How the optimiser ended.</summary>
    public LbfgsResult Fit { get; }

    /// <summary>Fits to <paramref name="targets"/> (rows × classes, each row a distribution) with <paramref name="weights"/> per row (null: all 1).</summary>
    public static SoftTargetSoftmax Train(FeatureRows x, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights, int classes, SoftTargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        options ??= SoftTargetOptions.Default;
        var n = x.Rows;
        if (targets.Length != n * classes)
        {
            throw new ArgumentException($"{targets.Length} targets for {n} rows × {classes} classes.", nameof(targets));
        }

        if (!weights.IsEmpty && weights.Length != n)
        {
            throw new ArgumentException($"{weights.Length} weights for {n} rows.", nameof(weights));
        }

        var problem = new Problem(x, targets.ToArray(), weights.IsEmpty ? null : weights.ToArray(), classes, options);
        var w = new double[problem.Parameters];
        var result = Lbfgs.Minimize(problem.Evaluate, w, maxIterations: options.MaxIterations);
        return problem.ToModel(w, result);
    }

    public void PredictProbabilities(FeatureRows x, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Rows;
        var k = Classes;
        if (output.Length < n * k)
        {
            throw new ArgumentException($"Output holds {output.Length} values; {n} rows × {k} classes need {n * k}.", nameof(output));
        }

        if (x.Dense is { } dense && dense.Dimension != Dimension)
        {
            throw new ArgumentException($"The model was fitted on {Dimension} dense features; these rows have {dense.Dimension}.", nameof(x));
        }

        var result = new float[n * k];
        Parallel.For(0, Blocks, b =>
        {
            var (from, to) = Problem.BlockRange(n, b);
            var row = new float[Dimension];
            Span<double> z = stackalloc double[k];
            for (var i = from; i < to; i++)
            {
                Logits(x, i, row, z);
                var max = z[0];
                for (var c = 1; c < k; c++)
                {
                    max = Math.Max(max, z[c]);
                }

                var sum = 0.0;
                for (var c = 0; c < k; c++)
                {
                    z[c] = Math.Exp(z[c] - max);
                    sum += z[c];
                }

                for (var c = 0; c < k; c++)
                {
                    result[(i * k) + c] = (float)(z[c] / sum);
                }
            }
        });
        result.CopyTo(output);
    }

    private void Logits(FeatureRows x, int i, float[] row, Span<double> z)
    {
        var k = Classes;
        var f = columns.Length;
        for (var c = 0; c < k; c++)
        {
            z[c] = bias[c];
        }

        if (x.Sparse is { } sparse && f > 0)
        {
            var r = sparse.Row(i);
            for (var t = 0; t < r.Length; t++)
            {
                var local = Array.BinarySearch(columns, r.Column(t));
                if (local < 0)
                {
                    continue;
                }

                var v = r.Value(t);
                for (var c = 0; c < k; c++)
                {
                    z[c] += sparseWeights[(c * f) + local] * v;
                }
            }
        }

        if (x.Dense is { } dense && Dimension > 0)
        {
            dense.CopyRow(i, row);
            TensorPrimitives.Subtract(row, center, row);
            for (var c = 0; c < k; c++)
            {
                z[c] += TensorPrimitives.Dot(denseWeights.AsSpan(c * Dimension, Dimension), row);
            }
        }
    }

    /// <summary>The objective over one training set: features copied once into compact arrays.</summary>
    private sealed class Problem
    {
        private readonly int n;
        private readonly int k;
        private readonly int f;
        private readonly int m;
        private readonly int[] rowStart;
        private readonly int[] local;
        private readonly float[] values;
        private readonly int[] columns;
        private readonly float[] dense;
        private readonly float[] center;
        private readonly float[] targets;
        private readonly float[]? weights;
        private readonly double totalWeight;
        private readonly SoftTargetOptions options;
        private readonly double[][] blockGradients = new double[Blocks][];
        private readonly double[] blockLoss = new double[Blocks];

        public Problem(FeatureRows x, float[] targets, float[]? weights, int classes, SoftTargetOptions options)
        {
            n = x.Rows;
            k = classes;
            this.targets = targets;
            this.weights = weights;
            this.options = options;
            totalWeight = weights is null ? n : weights.Sum(w => (double)w);
            if (weights is not null && (weights.Any(w => w < 0 || !float.IsFinite(w)) || totalWeight <= 0))
            {
                throw new ArgumentException("Row weights must be finite, non-negative and not all zero.", nameof(weights));
            }

            rowStart = new int[n + 1];
            var entries = new List<(int Column, float Value)>();
            if (x.Sparse is { } sparse)
            {
                for (var i = 0; i < n; i++)
                {
                    var r = sparse.Row(i);
                    for (var t = 0; t < r.Length; t++)
                    {
                        entries.Add((r.Column(t), r.Value(t)));
                    }

                    rowStart[i + 1] = entries.Count;
                }
            }

            columns = [.. entries.Select(e => e.Column).Distinct().Order()];
            f = columns.Length;
            local = [.. entries.Select(e => Array.BinarySearch(columns, e.Column))];
            values = [.. entries.Select(e => e.Value)];
            m = x.Dense?.Dimension ?? 0;
            dense = new float[n * m];
            center = x.Dense?.Center is { } mean ? (float[])mean.Clone() : new float[m];
            for (var i = 0; i < n && m > 0; i++)
            {
                var row = dense.AsSpan(i * m, m);
                x.Dense!.CopyRow(i, row);
                TensorPrimitives.Subtract(row, center, row);
            }

            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var c = 0; c < k; c++)
                {
                    var q = targets[(i * k) + c];
                    if (q < 0 || !float.IsFinite(q))
                    {
                        throw new ArgumentException($"Row {i}, class {c}: target {q} is not a probability.", nameof(targets));
                    }

                    sum += q;
                }

                if (Math.Abs(sum - 1) > 1e-3)
                {
                    throw new ArgumentException($"Row {i}: targets sum to {sum:0.####}, not 1.", nameof(targets));
                }
            }
        }

        /// <summary>Per class: f sparse weights, m dense weights, one bias.</summary>
        public int Parameters => k * Stride;

        private int Stride => f + m + 1;

        public static (int From, int To) BlockRange(int n, int block) => ((int)((long)n * block / Blocks), (int)((long)n * (block + 1) / Blocks));

        public double Evaluate(ReadOnlySpan<double> w, Span<double> gradient)
        {
            var p = Stride;
            var weightsF = new float[w.Length];
            for (var t = 0; t < w.Length; t++)
            {
                weightsF[t] = (float)w[t];
            }

            Parallel.For(0, Blocks, b => Block(b, weightsF));
            gradient.Clear();
            var loss = 0.0;
            for (var b = 0; b < Blocks; b++)
            {
                loss += blockLoss[b];
                TensorPrimitives.Add(gradient, blockGradients[b], gradient);
            }

            var scale = 1.0 / totalWeight;
            loss *= scale;
            TensorPrimitives.Multiply(gradient, scale, gradient);
            for (var c = 0; c < k; c++)
            {
                foreach (var (from, length, precision) in new[] { (0, f, options.SparsePrecision), (f, m, options.DensePrecision) })
                {
                    var part = w.Slice((c * p) + from, length);
                    loss += 0.5 * precision * TensorPrimitives.Dot(part, part);
                    var g = gradient.Slice((c * p) + from, length);
                    TensorPrimitives.MultiplyAdd(part, precision, g, g);
                }
            }

            return loss;
        }

        private void Block(int b, float[] w)
        {
            var p = Stride;
            var gradient = blockGradients[b] ??= new double[k * p];
            Array.Clear(gradient);
            var (from, to) = BlockRange(n, b);
            Span<double> z = stackalloc double[k];
            var residual = new float[k];
            var loss = 0.0;
            for (var i = from; i < to; i++)
            {
                var weight = weights?[i] ?? 1f;
                if (weight == 0)
                {
                    continue;
                }

                var denseRow = dense.AsSpan(i * m, m);
                for (var c = 0; c < k; c++)
                {
                    double sum = w[(c * p) + p - 1];
                    for (var t = rowStart[i]; t < rowStart[i + 1]; t++)
                    {
                        sum += w[(c * p) + local[t]] * values[t];
                    }

                    if (m > 0)
                    {
                        sum += TensorPrimitives.Dot(w.AsSpan((c * p) + f, m), denseRow);
                    }

                    z[c] = sum;
                }

                var max = z[0];
                for (var c = 1; c < k; c++)
                {
                    max = Math.Max(max, z[c]);
                }

                var total = 0.0;
                for (var c = 0; c < k; c++)
                {
                    total += Math.Exp(z[c] - max);
                }

                var logSum = max + Math.Log(total);
                for (var c = 0; c < k; c++)
                {
                    var q = targets[(i * k) + c];
                    loss += weight * q * (logSum - z[c]);
                    residual[c] = weight * (float)(Math.Exp(z[c] - logSum) - q);
                }

                for (var c = 0; c < k; c++)
                {
                    var r = residual[c];
                    var block = gradient.AsSpan(c * p, p);
                    block[p - 1] += r;
                    for (var t = rowStart[i]; t < rowStart[i + 1]; t++)
                    {
                        block[local[t]] += r * values[t];
                    }

                    for (var j = 0; j < m; j++)
                    {
                        block[f + j] += r * denseRow[j];
                    }
                }
            }

            blockLoss[b] = loss;
        }

        public SoftTargetSoftmax ToModel(double[] w, LbfgsResult result)
        {
            var p = Stride;
            var sparseW = new float[k * f];
            var denseW = new float[k * m];
            var bias = new float[k];
            for (var c = 0; c < k; c++)
            {
                for (var j = 0; j < f; j++)
                {
                    sparseW[(c * f) + j] = (float)w[(c * p) + j];
                }

                for (var j = 0; j < m; j++)
                {
                    denseW[(c * m) + j] = (float)w[(c * p) + f + j];
                }

                bias[c] = (float)w[(c * p) + p - 1];
            }

            return new SoftTargetSoftmax(k, columns, sparseW, m, denseW, bias, center, result);
        }
    }
}
