namespace Tagloop.Learning.Evaluation;

/// <summary>
/// Two annotators' categories for the units both rated, kept so that Cohen's κ over any selection of the units (a
/// bootstrap resample, given as unit indices, repeats allowed) is a count of cells with nothing allocated per unit.
/// The figure is that of <see cref="Agreement.CohensKappa"/> over the same units, to the last bit.
/// </summary>
public sealed class PairedCategories
{
    private readonly int[] first;
    private readonly int[] second;
    private readonly int categories;

    public PairedCategories(IReadOnlyList<int> first, IReadOnlyList<int> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"The two annotators rated {first.Count} and {second.Count} units; Cohen's κ needs the same units.", nameof(second));
        }

        this.first = [.. first];
        this.second = [.. second];
        categories = first.Count == 0 ? 0 : Math.Max(first.Max(), second.Max()) + 1;
    }

    /// <summary>The number of units.</summary>
    public int Count => first.Length;

    /// <summary>Cohen's κ over the units at <paramref name="units"/> (indices, repeats allowed).</summary>
    public double CohensKappa(ReadOnlySpan<int> units)
    {
        if (units.IsEmpty)
        {
            return double.NaN;
        }

        // Categories no selected unit has add nothing to chance agreement, so counting over all of them gives the
        // same figure as counting over the resample's own.
        Span<double> a = categories <= 64 ? stackalloc double[categories] : new double[categories];
        Span<double> b = categories <= 64 ? stackalloc double[categories] : new double[categories];
        a.Clear();
        b.Clear();
        var agreed = 0;
        foreach (var u in units)
        {
            var x = first[u];
            var y = second[u];
            a[x]++;
            b[y]++;
            agreed += x == y ? 1 : 0;
        }

        var n = (double)units.Length;
        var observed = agreed / n;
        var chance = 0.0;
        for (var c = 0; c < categories; c++)
        {
            chance += a[c] / n * (b[c] / n);
        }

        return chance >= 1 ? double.NaN : (observed - chance) / (1 - chance);
    }
}
