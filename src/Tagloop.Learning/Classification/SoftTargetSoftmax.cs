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

    /// <summary>
    /// The objective over one training set: features copied once into compact arrays. Parameters are laid out with the
    /// sparse weights feature-major (a feature's k class weights side by side, so one pass over a row's entries serves
    /// every class and touches one cache line per entry), then the dense weights class by class, then the biases.
    /// </summary>
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
        private readonly float[] weightsF;

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
            if (x.Sparse is { } sparse)
            {
                var count = 0L;
                for (var i = 0; i < n; i++)
                {
                    count += sparse.Row(i).Length;
                }

                var raw = new int[count];
                values = new float[count];
                var at = 0;
                for (var i = 0; i < n; i++)
                {
                    var r = sparse.Row(i);
                    for (var t = 0; t < r.Length; t++, at++)
                    {
                        raw[at] = r.Column(t);
                        values[at] = r.Value(t);
                    }

                    rowStart[i + 1] = at;
                }

                // The columns any row uses, sorted; each entry then holds its column's place among them.
                var sorted = (int[])raw.Clone();
                Array.Sort(sorted);
                var unique = sorted.Length == 0 ? 0 : 1;
                for (var t = 1; t < sorted.Length; t++)
                {
                    if (sorted[t] != sorted[unique - 1])
                    {
                        sorted[unique++] = sorted[t];
                    }
                }

                columns = sorted[..unique];
                local = raw;
                for (var t = 0; t < local.Length; t++)
                {
                    local[t] = Array.BinarySearch(columns, local[t]);
                }
            }
            else
            {
                columns = [];
                local = [];
                values = [];
            }

            f = columns.Length;
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

            weightsF = new float[Parameters];
        }

        /// <summary>k weights per sparse feature, m dense weights per class, one bias per class.</summary>
        public int Parameters => k * (f + m + 1);

        private int DenseStart => f * k;

        private int BiasStart => (f + m) * k;

        public static (int From, int To) BlockRange(int n, int block) => ((int)((long)n * block / Blocks), (int)((long)n * (block + 1) / Blocks));

        public double Evaluate(ReadOnlySpan<double> w, Span<double> gradient)
        {
            TensorPrimitives.ConvertTruncating<double, float>(w, weightsF);
            Parallel.For(0, Blocks, Block);
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
            foreach (var (from, length, precision) in new[] { (0, f * k, options.SparsePrecision), (DenseStart, m * k, options.DensePrecision) })
            {
                var part = w.Slice(from, length);
                loss += 0.5 * precision * TensorPrimitives.Dot(part, part);
                var g = gradient.Slice(from, length);
                TensorPrimitives.MultiplyAdd(part, precision, g, g);
            }

            return loss;
        }

        private void Block(int b)
        {
            var w = weightsF;
            var gradient = blockGradients[b] ??= new double[Parameters];
            Array.Clear(gradient);
            var (from, to) = BlockRange(n, b);
            Span<double> z = stackalloc double[k];
            Span<double> residual = stackalloc double[k];
            var loss = 0.0;
            var denseStart = DenseStart;
            var biasStart = BiasStart;
            for (var i = from; i < to; i++)
            {
                var weight = weights?[i] ?? 1f;
                if (weight == 0)
                {
                    continue;
                }

                for (var c = 0; c < k; c++)
                {
                    z[c] = w[biasStart + c];
                }

                for (var t = rowStart[i]; t < rowStart[i + 1]; t++)
                {
                    var at = local[t] * k;
                    var v = values[t];
                    for (var c = 0; c < k; c++)
                    {
                        z[c] += w[at + c] * v;
                    }
                }

                var denseRow = dense.AsSpan(i * m, m);
                for (var c = 0; c < k && m > 0; c++)
                {
                    z[c] += TensorPrimitives.Dot(w.AsSpan(denseStart + (c * m), m), denseRow);
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

                for (var t = rowStart[i]; t < rowStart[i + 1]; t++)
                {
                    var at = local[t] * k;
                    var v = values[t];
                    for (var c = 0; c < k; c++)
                    {
                        gradient[at + c] += residual[c] * v;
                    }
                }

                for (var c = 0; c < k; c++)
                {
                    var r = residual[c];
                    gradient[biasStart + c] += r;
                    if (m > 0)
                    {
                        var g = gradient.AsSpan(denseStart + (c * m), m);
                        for (var j = 0; j < m; j++)
                        {
                            g[j] += r * denseRow[j];
                        }
                    }
                }
            }

            blockLoss[b] = loss;
        }

        public SoftTargetSoftmax ToModel(double[] w, LbfgsResult result)
        {
            var sparseW = new float[k * f];
            var denseW = new float[k * m];
            var bias = new float[k];
            for (var c = 0; c < k; c++)
            {
                for (var j = 0; j < f; j++)
                {
                    sparseW[(c * f) + j] = (float)w[(j * k) + c];
                }

                for (var j = 0; j < m; j++)
                {
                    denseW[(c * m) + j] = (float)w[DenseStart + (c * m) + j];
                }

                bias[c] = (float)w[BiasStart + c];
            }

            return new SoftTargetSoftmax(k, columns, sparseW, m, denseW, bias, center, result);
        }
    }
}
