namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// The closed-form triplet method of FlyingSquid (Fu et al. 2020, "Fast and Three-rious: Speeding Up Weak Supervision
/// with Triplet Methods"): no iterations, each rule's accuracy read off second moments of the votes over triplets of
/// conditionally independent rules, |a_u|² = mean over valid (v, w) of |C_uv·C_uw / C_vw|, the sign set by assuming
/// rules are better than random.
/// <para>
/// Votes are ±1 with 0 for abstain. Where FlyingSquid takes moments over the documents both rules vote on, this takes
/// centred moments over all documents of each rule's indicators (votes +1, votes −1): a rule that votes one label only
/// always says +1 when it votes, so its moments given that it votes are constant and carry no accuracy, while
/// Cov(u, v) = p(1 − p)·δ_u·δ_v holds for any conditionally independent indicators, δ_u being how much more often u
/// fires on the class than off it. The fitted model then has each rule's full distribution per class, abstaining
/// included; <see cref="FittedLabelModel.RuleAccuracies"/> reports the accuracy conditional on voting.
/// </para>
/// <para>
/// A triplet is valid when its three rules differ and the denominator pair's correlation is at least
/// <see cref="MinCorrelation"/> in size. An indicator with no valid triplet (a rule with fewer than two partners, or
/// none that fire with it) gets <see cref="PriorAccuracy"/>. Several classes are solved one against the rest (a vote
/// for c is +1 in c's problem, a vote for another class −1, abstain 0), using only triplets with at most one −1
/// indicator, since two votes for different other classes are not independent given "not c"; the per-class
/// posteriors are then normalised.
/// </para>
/// <para>
/// Class balance, unless given: second moments do not identify it, so it comes from third moments (EM-free):
/// E[(u−P_u)(v−P_v)(w−P_w)]·s_u s_v s_w = (1 − 2p)/√(p(1 − p))·g_u g_v g_w with g = √(p(1−p))·|δ|, solved for p by least
/// squares over the same triplets and kept within [0.01, 0.99]; with under three informative rules (several classes:
/// rules voting the class), the mean of the covered documents' majority-vote shares. Several classes' shares are then
/// made to sum to 1 by weighted least squares, the least certain moving most. Two classes solve class 1's problem only.
/// Third moments are noisy on small corpora: on WRENCH's TREC (500 documents, six classes) the estimated balance is
/// the model's weak point (54.1% on covered test documents; 61.1% when given the true balance).
/// </para>
/// </summary>
public sealed class TripletLabelModel : IWeakLabelModel
{
    private const double MinBalance = 0.01;

    public TripletLabelModel(double priorAccuracy = 0.7, double minCorrelation = 0.01)
    {
        if (!(priorAccuracy > 0 && priorAccuracy < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(priorAccuracy), priorAccuracy, "The prior accuracy must be between 0 and 1.");
        }

        if (!(minCorrelation >= 0 && minCorrelation < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minCorrelation), minCorrelation, "The least correlation must be in [0, 1).");
        }

        PriorAccuracy = priorAccuracy;
        MinCorrelation = minCorrelation;
    }

    public string Name => "triplet";

    /// <summary>The accuracy (given that it votes) assumed for a rule whose accuracy the moments do not reach. Snorkel's label model starts from the same 0.7.</summary>
    public double PriorAccuracy { get; }

    /// <summary>The least |correlation| between two rules' indicators for their covariance to serve as a triplet's denominator.</summary>
    public double MinCorrelation { get; }

    public FittedLabelModel Fit(LabelMatrix votes, ReadOnlySpan<double> classBalance = default)
    {
        ArgumentNullException.ThrowIfNull(votes);
        var k = votes.Classes;
        var m = votes.Rules;
        var given = LabelModelMath.ReadBalance(classBalance, k);
        var patterns = VotePatterns.From(votes);
        var moments = new TripletMoments(patterns, m, k);
        var majority = LabelModelMath.MajorityBalance(patterns, k);

        var problems = k == 2 ? 1 : k;
        var accuracy = new ProblemAccuracies[problems];
        var share = new double[problems];
        var weight = new double[problems];
        for (var t = 0; t < problems; t++)
        {
            var c = k == 2 ? 1 : t;
            accuracy[t] = Accuracies(moments, c, k == 2);
            var third = given is null ? moments.ThirdMomentBalance(patterns, c, accuracy[t].Indicators, accuracy[t].G2, k == 2) : null;
            share[t] = given?[c] ?? third?.Share ?? majority[c];
            weight[t] = third?.Weight ?? 0;
        }

        double[] balance = given is not null
            ? [.. share.Select(p => Math.Clamp(p, 1e-6, 1 - 1e-6))]
            : k == 2 ? [Math.Clamp(share[0], MinBalance, 1 - MinBalance)] : Reconcile(share, weight);

        var baseLogOdds = new double[problems];
        var plus = new double[problems * m];
        var minus = new double[problems * m];
        var right = new double[m];
        for (var t = 0; t < problems; t++)
        {
            var solved = Parameters(moments, accuracy[t], balance[t], k == 2);
            baseLogOdds[t] = solved.BaseLogOdds;
            solved.Plus.CopyTo(plus, t * m);
            solved.Minus.CopyTo(minus, t * m);
            for (var j = 0; j < m; j++)
            {
                right[j] += solved.Right[j];
            }
        }

        double[] classes;
        if (k == 2)
        {
            classes = [1 - balance[0], balance[0]];
        }
        else
        {
            var sum = balance.Sum();
            classes = [.. balance.Select(b => b / sum)];
        }

        var accuracies = new double[m];
        for (var j = 0; j < m; j++)
        {
            var voted = moments.RuleVotes(j);
            accuracies[j] = voted > 0 ? Math.Clamp(right[j] * moments.Documents / voted, 0, 1) : double.NaN;
        }

        return new TripletModel(m, classes, accuracies, baseLogOdds, plus, minus);
    }

    /// <summary>Class <paramref name="c"/>'s indicators and their g² = p(1−p)δ², averaged over valid triplets and capped at the indicator's variance.</summary>
    private ProblemAccuracies Accuracies(TripletMoments moments, int c, bool binary)
    {
        var indicators = moments.Indicators(c);
        var count = indicators.Count;
        var covariance = moments.Covariance(indicators);

        // Which pairs may be a triplet's denominator, and 1/|C| for those.
        var inverse = new double[count * count];
        for (var v = 0; v < count; v++)
        {
            for (var w = 0; w < count; w++)
            {
                var cvw = covariance[(v * count) + w];
                var scale = Math.Sqrt(indicators[v].Variance * indicators[w].Variance);
                if (indicators[v].Rule != indicators[w].Rule && scale > 0 && Math.Abs(cvw) >= Math.Max(MinCorrelation, 1e-9) * scale)
                {
                    inverse[(v * count) + w] = 1 / Math.Abs(cvw);
                }
            }
        }

        var g2 = new double[count];
        var estimated = new bool[count];
        for (var u = 0; u < count; u++)
        {
            var iu = indicators[u];
            var sum = 0.0;
            var triplets = 0;
            for (var v = 0; v < count; v++)
            {
                var iv = indicators[v];
                if (iv.Rule == iu.Rule || (!binary && iu.Sign < 0 && iv.Sign < 0))
                {
                    continue;
                }

                var cuv = Math.Abs(covariance[(u * count) + v]);
                for (var w = v + 1; w < count; w++)
                {
                    var iw = indicators[w];
                    var inv = inverse[(v * count) + w];
                    if (inv == 0 || iw.Rule == iu.Rule || (!binary && iw.Sign < 0 && (iu.Sign < 0 || iv.Sign < 0)))
                    {
                        continue;
                    }

                    sum += Math.Min(cuv * Math.Abs(covariance[(u * count) + w]) * inv, iu.Variance);
                    triplets++;
                }
            }

            estimated[u] = triplets > 0;
            g2[u] = triplets > 0 ? sum / triplets : 0;
        }

        return new ProblemAccuracies(indicators, g2, estimated);
    }

    /// <summary>Each indicator's firing rate on the class and off it at class share <paramref name="p"/>, as log-odds weights.</summary>
    private ProblemFit Parameters(TripletMoments moments, ProblemAccuracies accuracy, double p, bool binary)
    {
        var m = moments.Rules;
        var n = (double)moments.Documents;
        var (indicators, g2, estimated) = accuracy;
        var count = indicators.Count;

        // Each indicator's firing rate on the class (μ1) and off it (μ0), then per rule the abstain rates.
        var floor = 0.5 / Math.Max(n, 1);
        var on = new double[count];
        var off = new double[count];
        for (var u = 0; u < count; u++)
        {
            var iu = indicators[u];
            double mu1, mu0;
            if (estimated[u])
            {
                var delta = iu.Sign * Math.Sqrt(g2[u] / (p * (1 - p)));
                mu0 = iu.Rate - (p * delta);
                mu1 = mu0 + delta;
            }
            else
            {
                // P(class c | the indicator fires): the prior accuracy for a vote for c, its complement spread over the other classes otherwise.
                var pc = iu.Sign > 0 ? PriorAccuracy : (1 - PriorAccuracy) / (binary ? 1 : moments.Classes - 1);
                mu1 = pc * iu.Rate / p;
                mu0 = (1 - pc) * iu.Rate / (1 - p);
            }

            on[u] = Math.Clamp(mu1, floor, 1 - floor);
            off[u] = Math.Clamp(mu0, floor, 1 - floor);
        }

        var silentOn = new double[m];
        var silentOff = new double[m];
        Array.Fill(silentOn, 1.0);
        Array.Fill(silentOff, 1.0);
        for (var u = 0; u < count; u++)
        {
            silentOn[indicators[u].Rule] -= on[u];
            silentOff[indicators[u].Rule] -= off[u];
        }

        var fit = new ProblemFit(Math.Log(p / (1 - p)), new double[m], new double[m], new double[m]);
        var baseLogOdds = fit.BaseLogOdds;
        for (var j = 0; j < m; j++)
        {
            silentOn[j] = Math.Max(silentOn[j], floor);
            silentOff[j] = Math.Max(silentOff[j], floor);
            baseLogOdds += Math.Log(silentOn[j] / silentOff[j]);
        }

        for (var u = 0; u < count; u++)
        {
            var iu = indicators[u];
            var weight = Math.Log(on[u] / off[u]) - Math.Log(silentOn[iu.Rule] / silentOff[iu.Rule]);
            (iu.Sign > 0 ? fit.Plus : fit.Minus)[iu.Rule] = weight;

            // P(the vote is right, the rule votes): on the class for a +1 vote; off it for a −1 vote when there are two classes.
            fit.Right[iu.Rule] += iu.Sign > 0 ? p * on[u] : binary ? (1 - p) * off[u] : 0;
        }

        return fit with { BaseLogOdds = baseLogOdds };
    }

    /// <summary>
    /// Several classes: the one-vs-rest shares from third moments do not sum to 1. The excess is taken off in proportion
    /// to each estimate's variance (weighted least squares under the constraint; the delta-method weight is
    /// Σ(g_u g_v g_w)²·f'(p)² with f(p) = (1 − 2p)/√(p(1 − p))), so the classes whose third moments say least move most;
    /// shares that came from majority vote stay, and none goes below 0.01.
    /// </summary>
    private static double[] Reconcile(double[] share, double[] weight)
    {
        var k = share.Length;
        var result = (double[])share.Clone();
        var free = new bool[k];
        for (var c = 0; c < k; c++)
        {
            result[c] = Math.Clamp(result[c], MinBalance, 1 - MinBalance);
            free[c] = weight[c] > 0;
        }

        for (var round = 0; round < k; round++)
        {
            double excess = result.Sum() - 1, spread = 0;
            for (var c = 0; c < k; c++)
            {
                spread += free[c] ? 1 / weight[c] : 0;
            }

            if (spread == 0)
            {
                break;
            }

            var clamped = false;
            for (var c = 0; c < k; c++)
            {
                if (free[c])
                {
                    result[c] -= excess / weight[c] / spread;
                    if (result[c] < MinBalance)
                    {
                        (result[c], free[c], clamped) = (MinBalance, false, true);
                    }
                }
            }

            if (!clamped)
            {
                break;
            }
        }

        var sum = result.Sum();
        return [.. result.Select(p => p / sum)];
    }

    private sealed record ProblemAccuracies(List<TripletMoments.Indicator> Indicators, double[] G2, bool[] Estimated);

    private sealed record ProblemFit(double BaseLogOdds, double[] Plus, double[] Minus, double[] Right);
}
