namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// The EM map of <see cref="DawidSkene"/> over distinct vote patterns. Parameters are one array: per rule and class the
/// distribution over outcomes (each class, then abstain) — <see cref="ThetaLength"/> entries — followed by the class prior.
/// </summary>
internal sealed class DawidSkeneEm
{
    private readonly VotePatterns patterns;
    private readonly int k;
    private readonly int m;
    private readonly int outcomes;
    private readonly double smoothing;
    private readonly double[]? given;
    private readonly double[] posterior;
    private readonly double[] logTheta;
    private readonly double[] mass;

    // Per vote, the offset of its (rule, class) block of k entries, one per true class, in the blocks: the E-step's
    // log θ(vote) − log θ(abstain), the M-step's expected counts. Contiguous over the true class for the inner loops.
    private readonly int[] offset;
    private readonly double[] blocks;

    public DawidSkeneEm(VotePatterns patterns, int classes, int rules, double smoothing, double[]? given)
    {
        this.patterns = patterns;
        k = classes;
        m = rules;
        outcomes = classes + 1;
        this.smoothing = smoothing;
        this.given = given;
        ThetaLength = m * k * outcomes;
        posterior = new double[patterns.Count * k];
        logTheta = new double[ThetaLength];
        mass = new double[k];
        offset = new int[patterns.Rule.Length];
        for (var e = 0; e < offset.Length; e++)
        {
            offset[e] = ((patterns.Rule[e] * k) + patterns.Class[e]) * k;
        }

        blocks = new double[m * k * k];
    }

    public int ThetaLength { get; }

    public int Size => ThetaLength + k;

    /// <summary>The first parameters: the M-step from majority-vote shares (uncovered documents at their mean, or the given balance).</summary>
    public void Start(double[] into)
    {
        var start = given ?? LabelModelMath.MajorityBalance(patterns, k);
        Array.Clear(posterior);
        for (var p = 0; p < patterns.Count; p++)
        {
            var q = posterior.AsSpan(p * k, k);
            var count = patterns.VotesIn(p);
            if (count == 0)
            {
                start.CopyTo(q);
                continue;
            }

            for (var e = patterns.Start[p]; e < patterns.Start[p + 1]; e++)
            {
                q[patterns.Class[e]] += 1.0 / count;
            }
        }

        MStep(into);
    }

    /// <summary>One EM iteration from <paramref name="from"/> into <paramref name="into"/>; returns the objective at <paramref name="from"/> (log-likelihood plus the smoothing's log prior).</summary>
    public double Step(double[] from, double[] into)
    {
        var objective = EStep(from);
        MStep(into);
        return objective;
    }

    private void MStep(double[] x)
    {
        Array.Clear(blocks);
        Array.Clear(mass);
        for (var p = 0; p < patterns.Count; p++)
        {
            var w = patterns.Weight[p];
            var q = posterior.AsSpan(p * k, k);
            for (var y = 0; y < k; y++)
            {
                mass[y] += w * q[y];
            }

            for (var e = patterns.Start[p]; e < patterns.Start[p + 1]; e++)
            {
                var block = blocks.AsSpan(offset[e], k);
                for (var y = 0; y < k; y++)
                {
                    block[y] += w * q[y];
                }
            }
        }

        for (var j = 0; j < m; j++)
        {
            for (var y = 0; y < k; y++)
            {
                var row = x.AsSpan(((j * k) + y) * outcomes, outcomes);
                var voted = 0.0;
                for (var o = 0; o < k; o++)
                {
                    row[o] = blocks[(((j * k) + o) * k) + y];
                    voted += row[o];
                }

                row[k] = Math.Max(mass[y] - voted, 0);
                var total = mass[y] + (outcomes * smoothing);
                for (var o = 0; o < outcomes; o++)
                {
                    row[o] = (row[o] + smoothing) / total;
                }
            }
        }

        var prior = x.AsSpan(ThetaLength, k);
        if (given is not null)
        {
            given.CopyTo(prior);
            return;
        }

        var n = patterns.Documents;
        for (var y = 0; y < k; y++)
        {
            prior[y] = n > 0 ? Math.Max(mass[y] / n, 1e-12) : 1.0 / k;
        }
    }

    private double EStep(double[] x)
    {
        var objective = 0.0;
        for (var i = 0; i < ThetaLength; i++)
        {
            logTheta[i] = Math.Log(x[i]);
            objective += smoothing * logTheta[i];
        }

        // Every rule abstaining, per class; a vote swaps one rule's abstain term for its vote term.
        Span<double> silent = stackalloc double[k];
        Span<double> log = stackalloc double[k];
        for (var y = 0; y < k; y++)
        {
            var s = Math.Log(x[ThetaLength + y]);
            for (var j = 0; j < m; j++)
            {
                var row = ((j * k) + y) * outcomes;
                s += logTheta[row + k];
                for (var o = 0; o < k; o++)
                {
                    blocks[(((j * k) + o) * k) + y] = logTheta[row + o] - logTheta[row + k];
                }
            }

            silent[y] = s;
        }

        for (var p = 0; p < patterns.Count; p++)
        {
            silent.CopyTo(log);
            for (var e = patterns.Start[p]; e < patterns.Start[p + 1]; e++)
            {
                var block = blocks.AsSpan(offset[e], k);
                for (var y = 0; y < k; y++)
                {
                    log[y] += block[y];
                }
            }

            // Posterior = softmax(log); the pattern's log-likelihood is its log-sum-exp.
            var q = posterior.AsSpan(p * k, k);
            var top = double.NegativeInfinity;
            foreach (var v in log)
            {
                top = Math.Max(top, v);
            }

            var sum = 0.0;
            for (var y = 0; y < k; y++)
            {
                q[y] = Math.Exp(log[y] - top);
                sum += q[y];
            }

            for (var y = 0; y < k; y++)
            {
                q[y] /= sum;
            }

            objective += patterns.Weight[p] * (top + Math.Log(sum));
        }

        return objective;
    }
}
