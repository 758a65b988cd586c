using System.Collections.Frozen;
using System.Numerics.Tensors;
using Tagloop.Learning.Optimization;

namespace Tagloop.Learning.Spans;

/// <summary>
/// The training loss of a linear-chain CRF and its gradient: Σ weight·(log Z − log Z_mask) + ‖w‖²/(2σ²), where Z_mask
/// sums over the legal paths the example's masks allow. The gradient of a sentence is the expected feature counts
/// under the model less those under the masked model (two forward–backward passes). Parameters: state weights
/// [features × labels], dense weights [width × labels], transitions [labels × labels], start [labels], end [labels].
/// </summary>
internal sealed class CrfObjective
{
    private const int Blocks = 4;
    private readonly Sentence[] sentences;
    private readonly string[] labels;
    private readonly int features;
    private readonly int width;
    private readonly double precision;
    private readonly CancellationToken cancellationToken;
    private readonly double[][] blockGradients = new double[Blocks][];
    private readonly double[] blockLoss = new double[Blocks];
    private readonly int maxLength;
    private readonly int[]?[] paths;
    private double[] current = [];
    private double[] denseByLabel = [];
    private ChainPotentials? potentials;

    public CrfObjective(Sentence[] sentences, string[] labels, int features, int width, double variance, CancellationToken cancellationToken)
    {
        this.sentences = sentences;
        this.labels = labels;
        this.features = features;
        this.width = width;
        precision = 1.0 / variance;
        this.cancellationToken = cancellationToken;
        maxLength = sentences.Length == 0 ? 0 : sentences.Max(s => s.Length);
        paths = [.. sentences.Select(s => FixedPath(s.Mask, labels.Length))];
    }

    private int L => labels.Length;

    public int Parameters => ((features + width + L + 2) * L);

    private int DenseStart => features * L;

    private int TransitionStart => (features + width) * L;

    private int StartStart => TransitionStart + (L * L);

    private int EndStart => StartStart + L;

    /// <summary>Throws when an example's masks leave no legal path (naming it by its index in <paramref name="indices"/>, if given).</summary>
    public void CheckConsistent(IReadOnlyList<int>? indices = null)
    {
        var p = new ChainPotentials(labels, new double[L * L], new double[L], new double[L]);
        var alpha = new double[maxLength * L];
        var psi = new double[maxLength * L];
        var scale = new double[maxLength];
        for (var i = 0; i < sentences.Length; i++)
        {
            var s = sentences[i];
            if (double.IsNegativeInfinity(ChainInference.Forward(new double[s.Length * L], s.Length, p, s.Mask, alpha, psi, scale)))
            {
                throw new ArgumentException($"Example {indices?[i] ?? i}: no IOB2 tag sequence fits its allowed tags (e.g. I-X with no B-X or I-X before it).", "examples");
            }
        }
    }

    public void WarmStart(double[] x, LinearChainCrf model, Dictionary<int, int> local)
    {
        var map = new int[L];
        for (var l = 0; l < L; l++)
        {
            map[l] = Array.IndexOf(model.Labels as string[] ?? [.. model.Labels], labels[l]);
        }

        var oldL = model.Labels.Count;
        foreach (var (bucket, row) in local)
        {
            if (model.Rows.TryGetValue(bucket, out var old))
            {
                for (var l = 0; l < L; l++)
                {
                    x[(row * L) + l] = map[l] < 0 ? 0 : model.State[(old * oldL) + map[l]];
                }
            }
        }

        if (model.Dense.Length == width * oldL)
        {
            for (var j = 0; j < width; j++)
            {
                for (var l = 0; l < L; l++)
                {
                    x[DenseStart + (j * L) + l] = map[l] < 0 ? 0 : model.Dense[(j * oldL) + map[l]];
                }
            }
        }

        for (var k = 0; k < L; k++)
        {
            x[StartStart + k] = map[k] < 0 ? 0 : model.Start[map[k]];
            x[EndStart + k] = map[k] < 0 ? 0 : model.End[map[k]];
            for (var l = 0; l < L; l++)
            {
                x[TransitionStart + (k * L) + l] = map[k] < 0 || map[l] < 0 ? 0 : model.Transitions[(map[k] * oldL) + map[l]];
            }
        }
    }

    public double Evaluate(ReadOnlySpan<double> w, Span<double> gradient)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (current.Length != w.Length)
        {
            current = new double[w.Length];
        }

        w.CopyTo(current);

        // The dense weights by label ([labels × width]): a token's dense emissions are then L dot products of length
        // width, and its gradient L multiply-adds of that length, instead of width short ones.
        if (width > 0)
        {
            if (denseByLabel.Length != width * L)
            {
                denseByLabel = new double[width * L];
            }

            for (var k = 0; k < width; k++)
            {
                for (var l = 0; l < L; l++)
                {
                    denseByLabel[(l * width) + k] = w[DenseStart + (k * L) + l];
                }
            }
        }

        potentials = new ChainPotentials(labels, w.Slice(TransitionStart, L * L), w.Slice(StartStart, L), w.Slice(EndStart, L));
        Parallel.For(0, Blocks, Block);
        gradient.Clear();
        var loss = 0.0;
        for (var b = 0; b < Blocks; b++)
        {
            loss += blockLoss[b];
            TensorPrimitives.Add(gradient, blockGradients[b], gradient);
        }

        loss += 0.5 * precision * TensorPrimitives.Dot(w, w);
        TensorPrimitives.MultiplyAdd(w, precision, gradient, gradient);
        return loss;
    }

    public LinearChainCrf ToModel(double[] x, TokenFeatures extractor, FrozenDictionary<int, int> rows, LbfgsResult result, CrfFeatureCache? cache = null, IReadOnlyDictionary<ulong, CrfFeatureCache.Entry>? fitted = null)
    {
        var state = new float[features * L];
        TensorPrimitives.ConvertTruncating<double, float>(x.AsSpan(0, features * L), state);
        var dense = new float[width * L];
        TensorPrimitives.ConvertTruncating<double, float>(x.AsSpan(DenseStart, width * L), dense);
        return new LinearChainCrf(
            labels,
            extractor,
            rows,
            state,
            dense,
            x.AsSpan(TransitionStart, L * L).ToArray(),
            x.AsSpan(StartStart, L).ToArray(),
            x.AsSpan(EndStart, L).ToArray(),
            result)
        {
            Cache = cache,
            Fitted = fitted,
        };
    }

    /// <summary>The one path a mask allows when it allows one label per token, else null.</summary>
    public static int[]? FixedPath(bool[] mask, int L)
    {
        var n = mask.Length / L;
        var path = new int[n];
        for (var t = 0; t < n; t++)
        {
            var row = mask.AsSpan(t * L, L);
            path[t] = row.IndexOf(true);
            if (path[t] < 0 || row.LastIndexOf(true) != path[t])
            {
                return null;
            }
        }

        return path;
    }

    private static (int From, int To) BlockRange(int n, int block) => ((int)((long)n * block / Blocks), (int)((long)n * (block + 1) / Blocks));

    private void Block(int b)
    {
        var gradient = blockGradients[b] ??= new double[Parameters];
        Array.Clear(gradient);
        var p = potentials!;
        var w = current;
        var L = this.L;
        var emissions = new double[maxLength * L];
        var alpha = new double[maxLength * L];
        var beta = new double[maxLength * L];
        var psi = new double[maxLength * L];
        var scale = new double[maxLength];
        var model = new double[maxLength * L];
        var clamped = new double[maxLength * L];
        var x = new double[width];
        var denseGradient = new double[width * L];
        var pairs = gradient.AsSpan(TransitionStart, L * L);
        var loss = 0.0;
        var (from, to) = BlockRange(sentences.Length, b);
        for (var i = from; i < to; i++)
        {
            var s = sentences[i];
            var n = s.Length;
            var e = emissions.AsSpan(0, n * L);
            Emissions(s, w, e, x);
            var weight = (double)s.Weight;
            var logZ = ChainInference.Forward(e, n, p, [], alpha, psi, scale);
            ChainInference.Backward(n, p, alpha, psi, scale, beta, model, pairs, weight);
            double logMasked;
            if (paths[i] is { } path)
            {
                // Fully labelled: the masked "expectation" is the path itself; no second forward–backward needed.
                logMasked = ChainInference.Score(e, n, p, path);
                clamped.AsSpan(0, n * L).Clear();
                for (var t = 0; t < n; t++)
                {
                    clamped[(t * L) + path[t]] = 1;
                    if (t > 0)
                    {
                        pairs[(path[t - 1] * L) + path[t]] -= weight;
                    }
                }
            }
            else
            {
                logMasked = ChainInference.Forward(e, n, p, s.Mask, alpha, psi, scale);
                if (!double.IsNegativeInfinity(logMasked))
                {
                    ChainInference.Backward(n, p, alpha, psi, scale, beta, clamped, pairs, -weight);
                }
            }

            if (double.IsNegativeInfinity(logMasked) || double.IsNegativeInfinity(logZ))
            {
                throw new InvalidOperationException($"Sentence {i}: the allowed paths have no probability mass (weights overflowed).");
            }

            loss += weight * (logZ - logMasked);
            for (var t = 0; t < n; t++)
            {
                var d = model.AsSpan(t * L, L);
                TensorPrimitives.Subtract(d, clamped.AsSpan(t * L, L), d);
                TensorPrimitives.Multiply(d, weight, d);
                for (var j = s.Starts[t]; j < s.Starts[t + 1]; j++)
                {
                    AddRow(gradient.AsSpan(s.Ids[j] * L, L), d);
                }

                if (width > 0)
                {
                    TensorPrimitives.ConvertChecked<float, double>(s.Dense.AsSpan(t * width, width), x);
                    for (var l = 0; l < L; l++)
                    {
                        if (d[l] != 0)
                        {
                            var g = denseGradient.AsSpan(l * width, width);
                            TensorPrimitives.MultiplyAdd(x, d[l], g, g);
                        }
                    }
                }
            }

            TensorPrimitives.Add(gradient.AsSpan(StartStart, L), model.AsSpan(0, L), gradient.AsSpan(StartStart, L));
            TensorPrimitives.Add(gradient.AsSpan(EndStart, L), model.AsSpan((n - 1) * L, L), gradient.AsSpan(EndStart, L));
        }

        for (var k = 0; k < width; k++)
        {
            for (var l = 0; l < L; l++)
            {
                gradient[DenseStart + (k * L) + l] += denseGradient[(l * width) + k];
            }
        }

        blockLoss[b] = loss;
    }

    private void Emissions(Sentence s, double[] w, Span<double> e, double[] x)
    {
        var L = this.L;
        e.Clear();
        for (var t = 0; t < s.Length; t++)
        {
            var row = e.Slice(t * L, L);
            for (var j = s.Starts[t]; j < s.Starts[t + 1]; j++)
            {
                AddRow(row, w.AsSpan(s.Ids[j] * L, L));
            }

            if (width > 0)
            {
                TensorPrimitives.ConvertChecked<float, double>(s.Dense.AsSpan(t * width, width), x);
                for (var l = 0; l < L; l++)
                {
                    row[l] += TensorPrimitives.Dot(denseByLabel.AsSpan(l * width, width), x);
                }
            }
        }
    }

    /// <summary>
    /// target += source over one short row (a tag per element): a plain loop, which for the handful of tags a tagger
    /// has costs less than a vectorised call's set-up. The same additions as TensorPrimitives.Add, so the same sums.
    /// </summary>
    private static void AddRow(Span<double> target, ReadOnlySpan<double> source)
    {
        source = source[..target.Length];
        for (var l = 0; l < target.Length; l++)
        {
            target[l] += source[l];
        }
    }

    /// <summary>A training sentence: feature rows per token (local numbering), dense rows, label mask, weight.</summary>
    internal sealed record Sentence(int[] Ids, int[] Starts, float[] Dense, bool[] Mask, float Weight)
    {
        public int Length => Starts.Length - 1;
    }
}
