namespace Tagloop.Learning.Explore;

/// <summary>
/// How well one partition of n items recovers another: the adjusted Rand index (Hubert and Arabie 1985) and the
/// normalised mutual information with the arithmetic-mean normalisation, I(U;V) / ((H(U) + H(V)) / 2) — the default
/// of scikit-learn's <c>normalized_mutual_info_score</c>. Label ids are arbitrary integers: only which items share
/// a label matters, so renaming the ids of either side changes neither figure.
/// </summary>
public static class ClusterAgreement
{
    /// <summary>
    /// The adjusted Rand index: the pairs placed alike by both partitions, corrected for chance. 1 for the same
    /// partition, about 0 (and possibly negative) for unrelated ones. When both partitions are trivial in the same way
    /// (all one group, or all singletons) the index is undefined and 1 is returned, as they are identical.
    /// </summary>
    public static double AdjustedRandIndex(int[] truth, int[] predicted)
    {
        var table = Contingency(truth, predicted);
        var n = (double)truth.Length;
        var index = table.Cells.Sum(c => Pairs(c));
        var rows = table.Rows.Sum(c => Pairs(c));
        var columns = table.Columns.Sum(c => Pairs(c));
        var expected = rows * columns / Pairs(n);
        var maximum = (rows + columns) / 2;
        var denominator = maximum - expected;
        // maximum == expected only when rows == columns and both are 0 or C(n, 2): the same trivial partition.
        return denominator == 0 ? 1.0 : (index - expected) / denominator;
    }

    /// <summary>
    /// The normalised mutual information, I(U;V) divided by the arithmetic mean of the two entropies (natural log; the
    /// base cancels). 1 for the same partition, 0 for independent ones. When both partitions are a single group
    /// (both entropies 0) it is 1; when only one is, it is 0.
    /// </summary>
    public static double NormalizedMutualInformation(int[] truth, int[] predicted)
    {
        var table = Contingency(truth, predicted);
        var n = (double)truth.Length;
        var hu = Entropy(table.Rows, n);
        var hv = Entropy(table.Columns, n);
        if (hu == 0 && hv == 0)
        {
            return 1.0;
        }

        var mutual = 0.0;
        foreach (var ((row, column), count) in table.Pairs)
        {
            // p(u,v) log(p(u,v) / (p(u) p(v))) = (c/n) log(c n / (a b)).
            mutual += count / n * Math.Log(count * n / ((double)table.Rows[row] * table.Columns[column]));
        }

        var mean = (hu + hv) / 2;
        return Math.Clamp(mutual / mean, 0.0, 1.0);
    }

    private static double Pairs(double count) => count * (count - 1) / 2.0;

    private static double Entropy(long[] sizes, double n)
    {
        var h = 0.0;
        foreach (var size in sizes)
        {
            if (size > 0)
            {
                var p = size / n;
                h -= p * Math.Log(p);
            }
        }

        return h;
    }

    private sealed record Table(long[] Rows, long[] Columns, Dictionary<(int Row, int Column), long> Pairs)
    {
        public IEnumerable<long> Cells => Pairs.Values;
    }

    private static Table Contingency(int[] truth, int[] predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"{predicted.Length} predicted labels for {truth.Length} true labels.", nameof(predicted));
        }

        if (truth.Length == 0)
        {
            throw new ArgumentException("There are no items to compare.", nameof(truth));
        }

        var rowIds = Dense(truth);
        var columnIds = Dense(predicted);
        var rows = new long[rowIds.Count];
        var columns = new long[columnIds.Count];
        var pairs = new Dictionary<(int, int), long>();
        for (var i = 0; i < truth.Length; i++)
        {
            var r = rowIds[truth[i]];
            var c = columnIds[predicted[i]];
            rows[r]++;
            columns[c]++;
            pairs[(r, c)] = pairs.GetValueOrDefault((r, c)) + 1;
        }

        return new Table(rows, columns, pairs);
    }

    private static Dictionary<int, int> Dense(int[] labels)
    {
        var ids = new Dictionary<int, int>();
        foreach (var label in labels)
        {
            ids.TryAdd(label, ids.Count);
        }

        return ids;
    }
}
