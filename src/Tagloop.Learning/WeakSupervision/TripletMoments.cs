namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// The vote moments <see cref="TripletLabelModel"/> reads: how often each (rule, class) vote occurs and how often two
/// occur on the same document, from which each one-vs-rest problem's indicator covariances follow.
/// </summary>
internal sealed class TripletMoments
{
    private readonly int[] kindOf;
    private readonly double[] kindCount;
    private readonly double[] together;
    private readonly int kinds;

    public TripletMoments(VotePatterns patterns, int rules, int classes)
    {
        Rules = rules;
        Classes = classes;
        Documents = patterns.Documents;
        kindOf = new int[rules * classes];
        Array.Fill(kindOf, -1);
        var counts = new List<double>();
        for (var e = 0; e < patterns.Rule.Length; e++)
        {
            var key = (patterns.Rule[e] * classes) + patterns.Class[e];
            if (kindOf[key] < 0)
            {
                kindOf[key] = counts.Count;
                counts.Add(0);
            }
        }

        kinds = counts.Count;
        kindCount = [.. counts];
        together = new double[kinds * kinds];
        for (var p = 0; p < patterns.Count; p++)
        {
            var w = patterns.Weight[p];
            for (var a = patterns.Start[p]; a < patterns.Start[p + 1]; a++)
            {
                var ka = kindOf[(patterns.Rule[a] * classes) + patterns.Class[a]];
                kindCount[ka] += w;
                for (var b = a + 1; b < patterns.Start[p + 1]; b++)
                {
                    var kb = kindOf[(patterns.Rule[b] * classes) + patterns.Class[b]];
                    together[(ka * kinds) + kb] += w;
                    together[(kb * kinds) + ka] += w;
                }
            }
        }
    }

    public int Rules { get; }

    public int Classes { get; }

    public int Documents { get; }

    /// <summary>How many documents rule <paramref name="rule"/> votes on.</summary>
    public double RuleVotes(int rule)
    {
        var sum = 0.0;
        for (var c = 0; c < Classes; c++)
        {
            var kind = kindOf[(rule * Classes) + c];
            sum += kind >= 0 ? kindCount[kind] : 0;
        }

        return sum;
    }

    /// <summary>Class <paramref name="c"/>'s problem: per rule that votes at all, a +1 indicator (it votes c) and a −1 indicator (it votes another class), each where it ever fires.</summary>
    public List<Indicator> Indicators(int c)
    {
        var list = new List<Indicator>();
        for (var j = 0; j < Rules; j++)
        {
            var plus = kindOf[(j * Classes) + c];
            if (plus >= 0)
            {
                list.Add(Make(j, +1, [plus]));
            }

            var minus = new List<int>();
            for (var o = 0; o < Classes; o++)
            {
                if (o != c && kindOf[(j * Classes) + o] >= 0)
                {
                    minus.Add(kindOf[(j * Classes) + o]);
                }
            }

            if (minus.Count > 0)
            {
                list.Add(Make(j, -1, [.. minus]));
            }
        }

        return list;
    }

    /// <summary>Cov(u, v) over all documents (abstentions as 0) for indicators of different rules; 0 within a rule.</summary>
    public double[] Covariance(List<Indicator> indicators)
    {
        var count = indicators.Count;
        var n = (double)Documents;
        var result = new double[count * count];
        for (var u = 0; u < count; u++)
        {
            for (var v = u + 1; v < count; v++)
            {
                if (indicators[u].Rule == indicators[v].Rule)
                {
                    continue;
                }

                var both = 0.0;
                foreach (var a in indicators[u].Kinds)
                {
                    foreach (var b in indicators[v].Kinds)
                    {
                        both += together[(a * kinds) + b];
                    }
                }

                var cov = (both / n) - (indicators[u].Rate * indicators[v].Rate);
                result[(u * count) + v] = cov;
                result[(v * count) + u] = cov;
            }
        }

        return result;
    }

    /// <summary>
    /// The class share p from third moments, or null with fewer than three informative indicators (several classes:
    /// three +1 indicators, rules voting the class). With
    /// z_u = s_u·g_u·(u − P_u), the sum over triplets of E[z_u z_v z_w] is R·Σ(g_u g_v g_w)², R = (1 − 2p)/√(p(1 − p));
    /// the sums over all triplets of distinct rules are taken per document through power sums, so the cost is one pass
    /// over the vote patterns. With several classes only triplets with at most one −1 indicator count.
    /// </summary>
    public (double Share, double Weight)? ThirdMomentBalance(VotePatterns patterns, int c, List<Indicator> indicators, double[] g2, bool binary)
    {
        // Per rule: the +1 and −1 indicators' z when firing and when not, and their g².
        var plusOn = new double[Rules];
        var plusOff = new double[Rules];
        var minusOn = new double[Rules];
        var minusOff = new double[Rules];
        var plusG2 = new double[Rules];
        var minusG2 = new double[Rules];
        for (var u = 0; u < indicators.Count; u++)
        {
            var iu = indicators[u];
            var g = Math.Sqrt(g2[u]) * iu.Sign;
            if (iu.Sign > 0)
            {
                (plusOn[iu.Rule], plusOff[iu.Rule], plusG2[iu.Rule]) = (g * (1 - iu.Rate), -g * iu.Rate, g2[u]);
            }
            else
            {
                (minusOn[iu.Rule], minusOff[iu.Rule], minusG2[iu.Rule]) = (g * (1 - iu.Rate), -g * iu.Rate, g2[u]);
            }
        }

        var denominator = new TripletSums();
        var silent = new TripletSums();
        for (var j = 0; j < Rules; j++)
        {
            denominator.Add(plusG2[j], minusG2[j], binary);
            silent.Add(plusOff[j], minusOff[j], binary);
        }

        // Too few informative rules for the class: the triplets are a handful of rare co-firings and p swings to the ends.
        var informative = 0;
        for (var u = 0; u < indicators.Count; u++)
        {
            informative += g2[u] > 0 && (binary || indicators[u].Sign > 0) ? 1 : 0;
        }

        var d = denominator.Triplets(binary);
        if (informative < 3 || !(d > 1e-300))
        {
            return null;
        }

        var total = 0.0;
        for (var p = 0; p < patterns.Count; p++)
        {
            var sums = silent;
            for (var e = patterns.Start[p]; e < patterns.Start[p + 1]; e++)
            {
                var j = patterns.Rule[e];
                sums.Remove(plusOff[j], minusOff[j], binary);
                if (patterns.Class[e] == c)
                {
                    sums.Add(plusOn[j], minusOff[j], binary);
                }
                else
                {
                    sums.Add(plusOff[j], minusOn[j], binary);
                }
            }

            total += patterns.Weight[p] * sums.Triplets(binary);
        }

        var r = total / Documents / d;
        if (!double.IsFinite(r))
        {
            return null;
        }

        // Its weight for reconciling several classes' shares: 1/Var(p̂) ∝ d·f'(p)², f'(p) = −1/(2(p(1−p))^1.5).
        var share = 0.5 - (Math.Sign(r) * 0.5 * Math.Sqrt(r * r / ((r * r) + 4)));
        var q = Math.Clamp(share, 0.01, 0.99);
        q *= 1 - q;
        return (share, d / (4 * q * q * q));
    }

    private Indicator Make(int rule, int sign, int[] members)
    {
        var rate = members.Sum(k => kindCount[k]) / Math.Max(Documents, 1);
        return new Indicator(rule, sign, rate, rate * (1 - rate), members);
    }

    /// <summary>One rule's indicator in a one-vs-rest problem: +1 (votes the class) or −1 (votes another), its firing rate and variance, and the (rule, class) votes it covers.</summary>
    internal readonly record struct Indicator(int Rule, int Sign, double Rate, double Variance, int[] Kinds);

    /// <summary>
    /// Power sums over rules of a per-rule pair (a, b) — the +1 and −1 indicators' values — from which the sum of
    /// products over triplets of distinct rules follows: all triplets (two classes: a + b per rule), or those with at
    /// most one b (several classes): e3(a) + e2(a)·Σb − e1(a)·Σab + Σa²b.
    /// </summary>
    private struct TripletSums
    {
        private double s1, s2, s3, sb, sab, sa2b;

        public void Add(double a, double b, bool binary)
        {
            if (binary)
            {
                var z = a + b;
                s1 += z;
                s2 += z * z;
                s3 += z * z * z;
                return;
            }

            s1 += a;
            s2 += a * a;
            s3 += a * a * a;
            sb += b;
            sab += a * b;
            sa2b += a * a * b;
        }

        /// <summary>Takes out a pair added before.</summary>
        public void Remove(double a, double b, bool binary)
        {
            if (binary)
            {
                var z = a + b;
                s1 -= z;
                s2 -= z * z;
                s3 -= z * z * z;
                return;
            }

            s1 -= a;
            s2 -= a * a;
            s3 -= a * a * a;
            sb -= b;
            sab -= a * b;
            sa2b -= a * a * b;
        }

        public readonly double Triplets(bool binary)
        {
            var e1 = s1;
            var e2 = ((s1 * s1) - s2) / 2;
            var e3 = ((s1 * s1 * s1) - (3 * s1 * s2) + (2 * s3)) / 6;
            return binary ? e3 : e3 + (e2 * sb) - (e1 * sab) + sa2b;
        }
    }
}
