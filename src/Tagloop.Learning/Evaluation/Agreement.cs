namespace Tagloop.Learning.Evaluation;

/// <summary>
/// One unit (a document) as annotators rated it: each rating is (annotator, category), at most one per annotator.
/// Categories are small non-negative integers (a label's index, or 0/1 for one label of a multi-label project).
/// </summary>
public sealed record RatedUnit(IReadOnlyList<(int Annotator, int Category)> Ratings);

/// <summary>An estimate with a percentile bootstrap interval (95% unless said otherwise); the value is NaN when undefined.</summary>
public readonly record struct Estimate(double Value, double Low, double High);

/// <summary>
/// Inter-annotator agreement for nominal categories: Cohen's κ for two annotators, Fleiss' κ and Krippendorff's α for
/// any number (units rated by fewer than two are not pairable and left out), and bootstrap intervals by resampling
/// units. Chance agreement follows each statistic's definition: Cohen's from each annotator's own marginals,
/// Fleiss' from the pooled category shares, Krippendorff's from the pooled values with the small-sample correction
/// (n − 1). All three are 1 for perfect agreement and 0 at chance; they are undefined (NaN) when every rating is the
/// same category (no disagreement is possible, so none can be measured).
/// </summary>
public static class Agreement
{
    // Below this many unit visits per resample (units × statistics) a resample is quicker alone than shared out.
    private const long ParallelWork = 20_000;

    private const int BlockSamples = 16;

    /// <summary>Cohen's κ of two annotators who rated the same units: <paramref name="a"/>[i] and <paramref name="b"/>[i] are their categories for unit i.</summary>
    public static double CohensKappa(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"The two annotators rated {a.Count} and {b.Count} units; Cohen's κ needs the same units.", nameof(b));
        }

        if (a.Count == 0)
        {
            return double.NaN;
        }

        var categories = Math.Max(a.Max(), b.Max()) + 1;
        var first = new double[categories];
        var second = new double[categories];
        var agreed = 0;
        for (var i = 0; i < a.Count; i++)
        {
            first[a[i]]++;
            second[b[i]]++;
            agreed += a[i] == b[i] ? 1 : 0;
        }

        var n = (double)a.Count;
        var observed = agreed / n;
        var chance = 0.0;
        for (var c = 0; c < categories; c++)
        {
            chance += first[c] / n * (second[c] / n);
        }

        return chance >= 1 ? double.NaN : (observed - chance) / (1 - chance);
    }

    /// <summary>
    /// Fleiss' κ from each unit's count of ratings per category (<paramref name="counts"/>[unit][category]). Units may
    /// have different numbers of raters (each unit's agreement is over its own pairs); units with fewer than two are
    /// left out.
    /// </summary>
    public static double FleissKappa(IReadOnlyList<int[]> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var categories = counts.Count == 0 ? 0 : counts.Max(c => c.Length);
        var totals = new double[categories];
        var agreement = 0.0;
        var units = 0;
        var ratings = 0.0;
        foreach (var unit in counts)
        {
            var n = unit.Sum();
            if (n < 2)
            {
                continue;
            }

            var squares = 0.0;
            for (var c = 0; c < unit.Length; c++)
            {
                squares += (double)unit[c] * unit[c];
                totals[c] += unit[c];
            }

            agreement += (squares - n) / ((double)n * (n - 1));
            ratings += n;
            units++;
        }

        if (units == 0)
        {
            return double.NaN;
        }

        var observed = agreement / units;
        var chance = totals.Sum(t => (t / ratings) * (t / ratings));
        return chance >= 1 ? double.NaN : (observed - chance) / (1 - chance);
    }

    /// <summary>
    /// Krippendorff's α for nominal data from each unit's values (any number of annotators, missing ratings allowed):
    /// α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k over the coincidence matrix o of the pairable values.
    /// </summary>
    public static double KrippendorffAlpha(IReadOnlyList<IReadOnlyList<int>> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var categories = 0;
        foreach (var unit in units)
        {
            foreach (var value in unit)
            {
                categories = Math.Max(categories, value + 1);
            }
        }

        // Coincidences: each ordered pair of values within a unit counts 1/(m_u − 1). Only the diagonal and the
        // per-category totals are needed for nominal data: disagreement = n − Σ o_cc.
        var diagonal = new double[categories];
        var totals = new double[categories];
        var counts = new int[categories];
        foreach (var unit in units)
        {
            var m = unit.Count;
            if (m < 2)
            {
                continue;
            }

            Array.Clear(counts);
            foreach (var value in unit)
            {
                counts[value]++;
            }

            for (var c = 0; c < categories; c++)
            {
                if (counts[c] > 0)
                {
                    diagonal[c] += counts[c] * (counts[c] - 1.0) / (m - 1);
                    totals[c] += counts[c];
                }
            }
        }

        var n = totals.Sum();
        if (n < 2)
        {
            return double.NaN;
        }

        var observedDisagreement = n - diagonal.Sum();
        var expectedDisagreement = (n * n) - totals.Sum(t => t * t);
        return expectedDisagreement <= 0 ? double.NaN : 1 - ((n - 1) * observedDisagreement / expectedDisagreement);
    }

    /// <summary>
    /// Krippendorff's α for nominal data from each unit's count of values per category (<paramref name="counts"/>[unit][category]),
    /// the same figure as from the values themselves. Nothing is allocated per unit, so a bootstrap over many units stays quick.
    /// </summary>
    public static double KrippendorffAlphaOfCounts(IReadOnlyList<int[]> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var categories = 0;
        for (var u = 0; u < counts.Count; u++)
        {
            categories = Math.Max(categories, counts[u].Length);
        }

        var diagonal = new double[categories];
        var totals = new double[categories];
        for (var u = 0; u < counts.Count; u++)
        {
            var unit = counts[u];
            var m = 0;
            for (var c = 0; c < unit.Length; c++)
            {
                m += unit[c];
            }

            if (m < 2)
            {
                continue;
            }

            for (var c = 0; c < unit.Length; c++)
            {
                if (unit[c] > 0)
                {
                    diagonal[c] += unit[c] * (unit[c] - 1.0) / (m - 1);
                    totals[c] += unit[c];
                }
            }
        }

        var n = totals.Sum();
        if (n < 2)
        {
            return double.NaN;
        }

        var observedDisagreement = n - diagonal.Sum();
        var expectedDisagreement = (n * n) - totals.Sum(t => t * t);
        return expectedDisagreement <= 0 ? double.NaN : 1 - ((n - 1) * observedDisagreement / expectedDisagreement);
    }

    /// <summary>Krippendorff's α over rated units (each unit's categories, whoever gave them).</summary>
    public static double KrippendorffAlpha(IReadOnlyList<RatedUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        return KrippendorffAlpha([.. units.Select(u => (IReadOnlyList<int>)[.. u.Ratings.Select(r => r.Category)])]);
    }

    /// <summary>Fleiss' κ over rated units.</summary>
    public static double FleissKappa(IReadOnlyList<RatedUnit> units, int categories)
    {
        ArgumentNullException.ThrowIfNull(units);
        return FleissKappa([.. units.Select(u =>
        {
            var counts = new int[categories];
            foreach (var (_, category) in u.Ratings)
            {
                counts[category]++;
            }

            return counts;
        })]);
    }

    /// <summary>
    /// A statistic over units with its percentile bootstrap interval: <paramref name="samples"/> resamples of the units
    /// with replacement (seeded, so the interval is the same each time), the resamples where the statistic is undefined
    /// left out. The interval is NaN when fewer than half the resamples give a value.
    /// </summary>
    public static Estimate Bootstrap<T>(IReadOnlyList<T> units, Func<IReadOnlyList<T>, double> statistic, int samples = 1000, double level = 0.95, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(statistic);
        var value = statistic(units);
        if (units.Count == 0 || double.IsNaN(value))
        {
            return new Estimate(value, double.NaN, double.NaN);
        }

        var random = new Random(seed);
        var values = new List<double>(samples);
        var resample = new T[units.Count];
        for (var s = 0; s < samples; s++)
        {
            for (var i = 0; i < resample.Length; i++)
            {
                resample[i] = units[random.Next(units.Count)];
            }

            var v = statistic(resample);
            if (!double.IsNaN(v))
            {
                values.Add(v);
            }
        }

        return Interval(value, values, samples, level);
    }

    /// <summary>
    /// The same bootstrap as <see cref="Bootstrap{T}"/> over <paramref name="count"/> units, for a statistic that reads
    /// the units it is given as indices (repeats allowed) rather than a list of the units themselves: the same seed
    /// draws the same resamples, so the estimate and interval are those of the list form, without a list per resample.
    /// The index span passed to <paramref name="statistic"/> is reused; it must not be kept.
    /// </summary>
    public static Estimate Bootstrap(int count, Func<ReadOnlySpan<int>, double> statistic, int samples = 1000, double level = 0.95, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return Bootstrap(count, [statistic], samples, level, seed)[0];
    }

    /// <summary>
    /// Several statistics over the same <paramref name="count"/> units bootstrapped together: each resample is drawn once
    /// and given to every statistic, so each estimate and interval is the one <see cref="Bootstrap(int, Func{ReadOnlySpan{int}, double}, int, double, int)"/>
    /// gives for that statistic alone (the same seed draws the same resamples).
    /// </summary>
    public static Estimate[] Bootstrap(int count, IReadOnlyList<Func<ReadOnlySpan<int>, double>> statistics, int samples = 1000, double level = 0.95, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var all = new int[count];
        for (var i = 0; i < count; i++)
        {
            all[i] = i;
        }

        var estimates = new Estimate[statistics.Count];
        var values = new List<double>?[statistics.Count];
        var live = 0;
        for (var s = 0; s < statistics.Count; s++)
        {
            var value = statistics[s](all);
            estimates[s] = new Estimate(value, double.NaN, double.NaN);
            if (count > 0 && !double.IsNaN(value))
            {
                values[s] = new List<double>(samples);
                live++;
            }
        }

        if (live == 0)
        {
            return estimates;
        }

        // The resamples are drawn in order from the one generator, a block at a time; the statistics over a block's
        // resamples are independent, so with much to compute they run side by side, each value kept in its resample's
        // place and gathered in resample order, which is the order of the single-threaded loop.
        var random = new Random(seed);
        var block = (long)count * live >= ParallelWork ? Math.Min(samples, BlockSamples) : 1;
        var resamples = new int[block][];
        for (var b = 0; b < block; b++)
        {
            resamples[b] = new int[count];
        }

        var results = new double[block * statistics.Count];
        for (var first = 0; first < samples; first += block)
        {
            var drawn = Math.Min(block, samples - first);
            for (var b = 0; b < drawn; b++)
            {
                var resample = resamples[b];
                for (var i = 0; i < resample.Length; i++)
                {
                    resample[i] = random.Next(count);
                }
            }

            void Evaluate(int item)
            {
                var (b, s) = Math.DivRem(item, statistics.Count);
                results[item] = values[s] is null ? double.NaN : statistics[s](resamples[b]);
            }

            if (drawn == 1)
            {
                for (var item = 0; item < statistics.Count; item++)
                {
                    Evaluate(item);
                }
            }
            else
            {
                Parallel.For(0, drawn * statistics.Count, Evaluate);
            }

            for (var item = 0; item < drawn * statistics.Count; item++)
            {
                if (values[item % statistics.Count] is { } list && !double.IsNaN(results[item]))
                {
                    list.Add(results[item]);
                }
            }
        }

        for (var s = 0; s < statistics.Count; s++)
        {
            if (values[s] is { } list)
            {
                estimates[s] = Interval(estimates[s].Value, list, samples, level);
            }
        }

        return estimates;
    }

    private static Estimate Interval(double value, List<double> values, int samples, double level)
    {
        if (values.Count < samples / 2)
        {
            return new Estimate(value, double.NaN, double.NaN);
        }

        values.Sort();
        var tail = (1 - level) / 2;
        return new Estimate(value, Percentile(values, tail), Percentile(values, 1 - tail));
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
