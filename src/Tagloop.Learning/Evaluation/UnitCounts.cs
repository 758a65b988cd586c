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

    // Units with the same counts add the same terms, and there are few distinct counts (two or three ratings over a
    // handful of categories make some tens), so each unit is its kind's number and the terms are kept per kind: a
    // resample then reads a small array at random places rather than each unit's terms, which stays in cache.
    private readonly int[] kinds;

    // Each kind's categories that it has ratings in, as (category, coincidences, count) from starts[kind] up to
    // starts[kind + 1]; adding the other categories' zeros would change no sum. Units with fewer than two ratings
    // count for nothing in either statistic: their kind has no terms and size 0.
    private readonly int[] starts;
    private readonly Entry[] entries;
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

        kinds = new int[Count];
        var distinct = new Dictionary<string, int>(StringComparer.Ordinal);
        var representatives = new List<int[]>();
        for (var u = 0; u < Count; u++)
        {
            var unit = counts[u];
            var m = unit.Sum();
            var key = m < 2 ? string.Empty : string.Join(',', unit.Select((n, c) => (n, c)).Where(x => x.n != 0).Select(x => $"{x.c}:{x.n}"));
            if (!distinct.TryGetValue(key, out var kind))
            {
                kind = distinct.Count;
                distinct[key] = kind;
                representatives.Add(m < 2 ? [] : unit);
            }

            kinds[u] = kind;
        }

        starts = new int[representatives.Count + 1];
        entries = new Entry[representatives.Sum(r => r.Count(c => c != 0))];
        pairAgreement = new double[representatives.Count];
        sizes = new int[representatives.Count];
        var next = 0;
        for (var k = 0; k < representatives.Count; k++)
        {
            starts[k] = next;
            var unit = representatives[k];
            var m = unit.Sum();
            if (m < 2)
            {
                continue;
            }

            var squares = 0.0;
            for (var c = 0; c < unit.Length; c++)
            {
                if (unit[c] > 0)
                {
                    entries[next++] = new Entry(c, unit[c] * (unit[c] - 1.0) / (m - 1), unit[c]);
                }

                squares += (double)unit[c] * unit[c];
            }

            pairAgreement[k] = (squares - m) / ((double)m * (m - 1));
            sizes[k] = m;
        }

        starts[representatives.Count] = next;
    }

    /// <summary>The number of units.</summary>
    public int Count { get; }

    /// <summary>Krippendorff's α (nominal) over the units at <paramref name="units"/> (indices, repeats allowed).</summary>
    public double KrippendorffAlpha(ReadOnlySpan<int> units)
    {
        var diagonal = new double[categories];
        var totals = new double[categories];
        var kinds = this.kinds;
        var starts = this.starts;
        var entries = this.entries;
        foreach (var u in units)
        {
            var kind = kinds[u];
            for (var e = starts[kind]; e < starts[kind + 1]; e++)
            {
                ref readonly var entry = ref entries[e];
                diagonal[entry.Category] += entry.Coincidences;
                totals[entry.Category] += entry.Count;
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
        var kinds = this.kinds;
        var starts = this.starts;
        var entries = this.entries;
        var sizes = this.sizes;
        foreach (var u in units)
        {
            var kind = kinds[u];
            if (sizes[kind] == 0)
            {
                continue;
            }

            for (var e = starts[kind]; e < starts[kind + 1]; e++)
            {
                totals[entries[e].Category] += entries[e].Count;
            }

            agreement += pairAgreement[kind];
            ratings += sizes[kind];
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

    private readonly record struct Entry(int Category, double Coincidences, double Count);
}
