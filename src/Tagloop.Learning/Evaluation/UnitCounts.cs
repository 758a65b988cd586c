namespace Tagloop.Learning.Evaluation;

/// <summary>
/// Units as each one's count of ratings per category, kept as the small per-unit sums that Krippendorff's α and
/// Fleiss' κ add up, so that either statistic over any selection of units (a bootstrap resample, given as unit
/// indices, repeats allowed) is a pass over those sums with nothing allocated per unit. The figures are those of
/// <see cref="Agreement.KrippendorffAlphaOfCounts"/> and <see cref="Agreement.FleissKappa(IReadOnlyList{int[]})"/>
/// over the same units in the same order, to the last bit: the same terms are added in the same order.
/// </summary>
public sealed class UnitCounts
{
    private readonly int categories;

    // Unit-major (unit * categories + category); units with fewer than two ratings count for nothing in either
    // statistic and are stored as zeros.
    private readonly int[] counts;
    private readonly double[] coincidences;
    private readonly double[] pairAgreement;
    private readonly int[] sizes;

    public UnitCounts(IReadOnlyList<int[]> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Count = counts.Count;
        for (var u = 0; u < counts.Count; u++)
        {
            categories = Math.Max(categories, counts[u].Length);
        }

        this.counts = new int[Count * categories];
        coincidences = new double[Count * categories];
        pairAgreement = new double[Count];
        sizes = new int[Count];
        for (var u = 0; u < Count; u++)
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

            var squares = 0.0;
            for (var c = 0; c < unit.Length; c++)
            {
                this.counts[(u * categories) + c] = unit[c];
                coincidences[(u * categories) + c] = unit[c] > 0 ? unit[c] * (unit[c] - 1.0) / (m - 1) : 0.0;
                squares += (double)unit[c] * unit[c];
            }

            pairAgreement[u] = (squares - m) / ((double)m * (m - 1));
            sizes[u] = m;
        }
    }

    /// <summary>The number of units.</summary>
    public int Count { get; }

    /// <summary>Krippendorff's α (nominal) over the units at <paramref name="units"/> (indices, repeats allowed).</summary>
    public double KrippendorffAlpha(ReadOnlySpan<int> units)
    {
        var diagonal = new double[categories];
        var totals = new double[categories];
        foreach (var u in units)
        {
            if (sizes[u] < 2)
            {
                continue;
            }

            var offset = u * categories;
            for (var c = 0; c < categories; c++)
            {
                diagonal[c] += coincidences[offset + c];
                totals[c] += counts[offset + c];
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

    /// <summary>Fleiss' κ over the units at <paramref name="units"/> (indices, repeats allowed).</summary>
    public double FleissKappa(ReadOnlySpan<int> units)
    {
        var totals = new double[categories];
        var agreement = 0.0;
        var pairable = 0;
        var ratings = 0.0;
        foreach (var u in units)
        {
            if (sizes[u] < 2)
            {
                continue;
            }

            var offset = u * categories;
            for (var c = 0; c < categories; c++)
            {
                totals[c] += counts[offset + c];
            }

            agreement += pairAgreement[u];
            ratings += sizes[u];
            pairable++;
        }

        if (pairable == 0)
        {
            return double.NaN;
        }

        var observed = agreement / pairable;
        var chance = totals.Sum(t => (t / ratings) * (t / ratings));
        return chance >= 1 ? double.NaN : (observed - chance) / (1 - chance);
    }
}
