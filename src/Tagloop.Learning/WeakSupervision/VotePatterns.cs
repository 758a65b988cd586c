namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// The documents of a label matrix grouped by identical votes (the same rules voting the same classes). Label models
/// fit over the distinct patterns weighted by how many documents share each, which is what makes a fit over 100,000
/// documents cost about as much as one over a few thousand. Pattern <c>p</c>'s votes are entries <c>Start[p]</c> to
/// <c>Start[p+1]</c> of <see cref="Rule"/> and <see cref="Class"/>, rules ascending; the pattern with no votes (the
/// uncovered documents) is a pattern like any other.
/// </summary>
internal sealed class VotePatterns
{
    private VotePatterns(int documents, int[] weight, int[] start, int[] rule, int[] @class)
    {
        Documents = documents;
        Weight = weight;
        Start = start;
        Rule = rule;
        Class = @class;
    }

    public int Documents { get; }

    public int Count => Weight.Length;

    /// <summary>How many documents have each pattern.</summary>
    public int[] Weight { get; }

    public int[] Start { get; }

    public int[] Rule { get; }

    public int[] Class { get; }

    public int VotesIn(int pattern) => Start[pattern + 1] - Start[pattern];

    public static VotePatterns From(LabelMatrix votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        var rows = votes.Rows;
        var n = votes.Documents;
        var classes = votes.Classes;

        // Open addressing over the documents' vote sequences; a slot holds a pattern id, each pattern remembers one
        // document that has it (to compare against) and its hash (to skip most comparisons).
        var capacity = 16;
        while (capacity < 2 * Math.Max(n, 1))
        {
            capacity <<= 1;
        }

        var mask = capacity - 1;
        var table = new int[capacity];
        Array.Fill(table, -1);
        var example = new List<int>();
        var hashes = new List<int>();
        var weights = new List<int>();
        for (var d = 0; d < n; d++)
        {
            var hash = Hash(rows, d, classes);
            var slot = hash & mask;
            while (true)
            {
                var id = table[slot];
                if (id < 0)
                {
                    table[slot] = example.Count;
                    example.Add(d);
                    hashes.Add(hash);
                    weights.Add(1);
                    break;
                }

                if (hashes[id] == hash && SameVotes(rows, example[id], d))
                {
                    weights[id]++;
                    break;
                }

                slot = (slot + 1) & mask;
            }
        }

        var start = new int[example.Count + 1];
        for (var p = 0; p < example.Count; p++)
        {
            start[p + 1] = start[p] + rows.VotesOn(example[p]);
        }

        var rule = new int[start[^1]];
        var @class = new int[start[^1]];
        for (var p = 0; p < example.Count; p++)
        {
            var from = rows.Start[example[p]];
            var length = start[p + 1] - start[p];
            Array.Copy(rows.Rule, from, rule, start[p], length);
            Array.Copy(rows.Class, from, @class, start[p], length);
        }

        return new VotePatterns(n, [.. weights], start, rule, @class);
    }

    private static int Hash(LabelRows rows, int document, int classes)
    {
        var h = 0x9E3779B97F4A7C15UL;
        for (var e = rows.Start[document]; e < rows.Start[document + 1]; e++)
        {
            h ^= (ulong)((rows.Rule[e] * (long)classes) + rows.Class[e] + 1);
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 29;
        }

        return (int)(h ^ (h >> 32)) & int.MaxValue;
    }

    private static bool SameVotes(LabelRows rows, int a, int b)
    {
        var length = rows.VotesOn(a);
        if (length != rows.VotesOn(b))
        {
            return false;
        }

        var ra = rows.Start[a];
        var rb = rows.Start[b];
        return rows.Rule.AsSpan(ra, length).SequenceEqual(rows.Rule.AsSpan(rb, length))
            && rows.Class.AsSpan(ra, length).SequenceEqual(rows.Class.AsSpan(rb, length));
    }
}
