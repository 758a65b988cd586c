using System.Numerics.Tensors;

namespace Tagloop.Learning.Spans;

/// <summary>
/// The CRF training loss as a function of a block of state-weight rows only (block coordinate descent): every other
/// weight — the other rows, the dense weights, transitions, start and end — is held at its current value. Only the
/// sentences that use a row of the block depend on it, so the loss is summed over those alone (the rest is constant):
/// Σ weight·(log Z − log Z_mask) + ‖block‖²/(2σ²). Parameters: [block rows × labels].
/// </summary>
internal sealed class CrfBlockObjective
{
    private readonly CrfObjective.Sentence[] sentences;
    private readonly double[][] offsets;
    private readonly int[][] positions;
    private readonly int[][] members;
    private readonly int[]?[] paths;
    private readonly ChainPotentials potentials;
    private readonly int L;
    private readonly double precision;
    private readonly CancellationToken cancellationToken;
    private readonly int maxLength;

    /// <param name="sentences">The sentences that use at least one block row.</param>
    /// <param name="offsets">Per sentence the dense part of its emissions [tokens × labels]; the frozen rows' part is added here.</param>
    /// <param name="frozen">All state weights [rows × labels] (block rows' values are ignored).</param>
    /// <param name="blockIndex">Per row its place in the block, or −1.</param>
    public CrfBlockObjective(CrfObjective.Sentence[] sentences, double[][] offsets, double[] frozen, int[] blockIndex, ChainPotentials potentials, double variance, CancellationToken cancellationToken)
    {
        this.sentences = sentences;
        this.offsets = offsets;
        this.potentials = potentials;
        L = potentials.L;
        precision = 1.0 / variance;
        this.cancellationToken = cancellationToken;
        maxLength = sentences.Length == 0 ? 0 : sentences.Max(s => s.Length);
        positions = new int[sentences.Length][];
        members = new int[sentences.Length][];
        paths = new int[]?[sentences.Length];
        var t0 = new List<int>();
        var k0 = new List<int>();
        for (var i = 0; i < sentences.Length; i++)
        {
            // The held rows' part of the emissions once; the block's occurrences (token, block row) kept apart.
            var s = sentences[i];
            var e = offsets[i];
            t0.Clear();
            k0.Clear();
            for (var t = 0; t < s.Length; t++)
            {
                var row = e.AsSpan(t * L, L);
                for (var j = s.Starts[t]; j < s.Starts[t + 1]; j++)
                {
                    var k = blockIndex[s.Ids[j]];
                    if (k >= 0)
                    {
                        t0.Add(t);
                        k0.Add(k);
                    }
                    else
                    {
                        TensorPrimitives.Add(row, frozen.AsSpan(s.Ids[j] * L, L), row);
                    }
                }
            }

            positions[i] = [.. t0];
            members[i] = [.. k0];
            paths[i] = CrfObjective.FixedPath(s.Mask, L);
        }
    }

    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        cancellationToken.ThrowIfCancellationRequested();
        gradient.Clear();
        var L = this.L;
        var p = potentials;
        var emissions = new double[maxLength * L];
        var alpha = new double[maxLength * L];
        var beta = new double[maxLength * L];
        var psi = new double[maxLength * L];
        var scale = new double[maxLength];
        var model = new double[maxLength * L];
        var clamped = new double[maxLength * L];
        var loss = 0.0;
        for (var i = 0; i < sentences.Length; i++)
        {
            var s = sentences[i];
            var n = s.Length;
            var e = emissions.AsSpan(0, n * L);
            offsets[i].CopyTo(e);
            var at = positions[i];
            var ks = members[i];
            for (var o = 0; o < at.Length; o++)
            {
                var row = e.Slice(at[o] * L, L);
                TensorPrimitives.Add(row, x.Slice(ks[o] * L, L), row);
            }

            var weight = (double)s.Weight;
            var logZ = ChainInference.Forward(e, n, p, [], alpha, psi, scale);
            ChainInference.Backward(n, p, alpha, psi, scale, beta, model, [], 0);
            double logMasked;
            if (paths[i] is { } path)
            {
                logMasked = ChainInference.Score(e, n, p, path);
                clamped.AsSpan(0, n * L).Clear();
                for (var t = 0; t < n; t++)
                {
                    clamped[(t * L) + path[t]] = 1;
                }
            }
            else
            {
                logMasked = ChainInference.Forward(e, n, p, s.Mask, alpha, psi, scale);
                if (!double.IsNegativeInfinity(logMasked))
                {
                    ChainInference.Backward(n, p, alpha, psi, scale, beta, clamped, [], 0);
                }
            }

            if (double.IsNegativeInfinity(logMasked) || double.IsNegativeInfinity(logZ))
            {
                throw new InvalidOperationException($"Sentence {i}: the allowed paths have no probability mass (weights overflowed).");
            }

            loss += weight * (logZ - logMasked);
            for (var o = 0; o < at.Length; o++)
            {
                var t = at[o];
                var g = gradient.Slice(ks[o] * L, L);
                for (var l = 0; l < L; l++)
                {
                    g[l] += weight * (model[(t * L) + l] - clamped[(t * L) + l]);
                }
            }
        }

        loss += 0.5 * precision * TensorPrimitives.Dot(x, x);
        TensorPrimitives.MultiplyAdd(x, precision, gradient, gradient);
        return loss;
    }
}
