namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Rules' votes over a corpus, stored by rule (sparse columns, so one rule can be replaced without touching the
/// others) with the by-document view (compressed rows) built once on first use. Immutable.
/// </summary>
public sealed class LabelMatrix
{
    private readonly RuleVotes[] rules;
    private LabelRows? rows;

    public LabelMatrix(int documents, int classes, IReadOnlyList<RuleVotes> rules)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentNullException.ThrowIfNull(rules);
        for (var j = 0; j < rules.Count; j++)
        {
            var r = rules[j];
            if (r.Count > 0 && r.Documents[^1] >= documents)
            {
                throw new ArgumentException($"Rule {j} votes on document {r.Documents[^1]} of {documents}.", nameof(rules));
            }

            if (r.MaxClass >= classes)
            {
                throw new ArgumentException($"Rule {j} votes class {r.MaxClass} of {classes}.", nameof(rules));
            }
        }

        Documents = documents;
        Classes = classes;
        this.rules = [.. rules];
    }

    public int Documents { get; }

    public int Classes { get; }

    public int Rules => rules.Length;

    public RuleVotes Rule(int j) => rules[j];

    /// <summary>This matrix with rule <paramref name="j"/>'s column replaced (the others are shared, not copied).</summary>
    public LabelMatrix WithRule(int j, RuleVotes votes)
    {
        var copy = (RuleVotes[])rules.Clone();
        copy[j] = votes;
        return new LabelMatrix(Documents, Classes, copy);
    }

    /// <summary>The same votes for a subset of documents (in the order given), renumbered 0..n-1.</summary>
    public LabelMatrix Subset(IReadOnlyList<int> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var position = new int[Documents];
        Array.Fill(position, -1);
        for (var i = 0; i < documents.Count; i++)
        {
            position[documents[i]] = i;
        }

        var columns = new RuleVotes[rules.Length];
        for (var j = 0; j < rules.Length; j++)
        {
            var hits = new List<(int Document, int Class)>();
            var r = rules[j];
            for (var i = 0; i < r.Count; i++)
            {
                var p = position[r.Documents[i]];
                if (p >= 0)
                {
                    hits.Add((p, r.ClassAt(i)));
                }
            }

            hits.Sort((a, b) => a.Document.CompareTo(b.Document));
            columns[j] = new RuleVotes([.. hits.Select(h => h.Document)], [.. hits.Select(h => h.Class)]);
        }

        return new LabelMatrix(documents.Count, Classes, columns);
    }

    /// <summary>The votes by document (built on first use, then kept).</summary>
    public LabelRows Rows => rows ??= LabelRows.From(this);

    /// <summary>From a dense documents × rules table where -1 is an abstention (the WRENCH <c>weak_labels</c> layout).</summary>
    public static LabelMatrix FromDense(IReadOnlyList<int[]> votes, int rules, int classes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        var docs = new List<int>[rules];
        var cls = new List<int>[rules];
        for (var j = 0; j < rules; j++)
        {
            docs[j] = [];
            cls[j] = [];
        }

        for (var i = 0; i < votes.Count; i++)
        {
            if (votes[i].Length != rules)
            {
                throw new ArgumentException($"Document {i} has {votes[i].Length} votes, expected {rules}.", nameof(votes));
            }

            for (var j = 0; j < rules; j++)
            {
                var v = votes[i][j];
                if (v >= 0)
                {
                    docs[j].Add(i);
                    cls[j].Add(v);
                }
                else if (v != -1)
                {
                    throw new ArgumentException($"Document {i}, rule {j}: vote {v} (a class index, or -1 to abstain).", nameof(votes));
                }
            }
        }

        return new LabelMatrix(votes.Count, classes, [.. Enumerable.Range(0, rules).Select(j => new RuleVotes([.. docs[j]], [.. cls[j]]))]);
    }
}

/// <summary>Votes by document, compressed rows: document i's votes are entries <c>Start[i]</c> to <c>Start[i+1]</c> of <see cref="Rule"/> and <see cref="Class"/>, rules ascending.</summary>
public sealed class LabelRows
{
    private LabelRows(int[] start, int[] rule, int[] @class)
    {
        Start = start;
        Rule = rule;
        Class = @class;
    }

    public int[] Start { get; }

    public int[] Rule { get; }

    public int[] Class { get; }

    public int VotesOn(int document) => Start[document + 1] - Start[document];

    internal static LabelRows From(LabelMatrix m)
    {
        var start = new int[m.Documents + 1];
        for (var j = 0; j < m.Rules; j++)
        {
            foreach (var d in m.Rule(j).Documents)
            {
                start[d + 1]++;
            }
        }

        for (var i = 0; i < m.Documents; i++)
        {
            start[i + 1] += start[i];
        }

        var next = (int[])start.Clone();
        var rule = new int[start[^1]];
        var @class = new int[start[^1]];
        for (var j = 0; j < m.Rules; j++)
        {
            var r = m.Rule(j);
            var docs = r.Documents;
            for (var i = 0; i < docs.Length; i++)
            {
                var p = next[docs[i]]++;
                rule[p] = j;
                @class[p] = r.ClassAt(i);
            }
        }

        return new LabelRows(start, rule, @class);
    }
}
