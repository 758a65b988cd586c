namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// How each rule behaves over the corpus, after Snorkel's LFAnalysis: the classes it votes (polarity), coverage,
/// overlaps and conflicts with the other rules, and — given gold documents, such as the answers collected so far —
/// correct and incorrect votes with the empirical accuracy and its 95% Wilson score interval.
/// </summary>
public static class RuleAnalysis
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    public static RuleAnalysisReport Analyse(LabelMatrix votes, IReadOnlyList<int>? goldDocuments = null, IReadOnlyList<int>? goldClasses = null)
    {
        ArgumentNullException.ThrowIfNull(votes);
        if ((goldDocuments is null) != (goldClasses is null))
        {
            throw new ArgumentException("Gold documents and gold classes go together: give both or neither.", goldDocuments is null ? nameof(goldDocuments) : nameof(goldClasses));
        }

        var hasGold = goldDocuments is not null;
        if (hasGold)
        {
            LabelModelMath.CheckGold(votes, goldDocuments!, goldClasses!);
        }

        var m = votes.Rules;
        var k = votes.Classes;
        var rows = votes.Rows;
        var overlap = new int[m];
        var conflict = new int[m];
        var perClass = new int[k];
        int covered = 0, overlapped = 0, conflicted = 0;
        for (var d = 0; d < votes.Documents; d++)
        {
            var count = rows.VotesOn(d);
            if (count == 0)
            {
                continue;
            }

            covered++;
            if (count == 1)
            {
                continue;
            }

            overlapped++;
            var distinct = 0;
            for (var e = rows.Start[d]; e < rows.Start[d + 1]; e++)
            {
                distinct += perClass[rows.Class[e]]++ == 0 ? 1 : 0;
            }

            conflicted += distinct > 1 ? 1 : 0;
            for (var e = rows.Start[d]; e < rows.Start[d + 1]; e++)
            {
                overlap[rows.Rule[e]]++;
                conflict[rows.Rule[e]] += count - perClass[rows.Class[e]] > 0 ? 1 : 0;
            }

            for (var e = rows.Start[d]; e < rows.Start[d + 1]; e++)
            {
                perClass[rows.Class[e]] = 0;
            }
        }

        var correct = new int[m];
        var incorrect = new int[m];
        if (hasGold)
        {
            for (var i = 0; i < goldDocuments!.Count; i++)
            {
                var d = goldDocuments[i];
                for (var e = rows.Start[d]; e < rows.Start[d + 1]; e++)
                {
                    (rows.Class[e] == goldClasses![i] ? correct : incorrect)[rows.Rule[e]]++;
                }
            }
        }

        var n = Math.Max(votes.Documents, 1);
        var rules = new RuleStatistics[m];
        for (var j = 0; j < m; j++)
        {
            var rule = votes.Rule(j);
            var polarity = new SortedSet<int>();
            for (var i = 0; i < rule.Count; i++)
            {
                polarity.Add(rule.ClassAt(i));
            }

            var judged = correct[j] + incorrect[j];
            var (low, high) = Wilson(correct[j], judged);
            rules[j] = new RuleStatistics(
                j, [.. polarity], rule.Count, (double)rule.Count / n, (double)overlap[j] / n, (double)conflict[j] / n,
                hasGold ? correct[j] : null, hasGold ? incorrect[j] : null,
                judged > 0 ? (double)correct[j] / judged : double.NaN, low, high);
        }

        return new RuleAnalysisReport(rules, votes.Documents, (double)covered / n, (double)overlapped / n, (double)conflicted / n, goldDocuments?.Count ?? 0);
    }

    /// <summary>
    /// The Wilson score interval (Wilson 1927) for <paramref name="successes"/> out of <paramref name="trials"/>:
    /// (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). NaN for no trials.
    /// </summary>
    public static (double Low, double High) Wilson(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, successes);
        if (trials == 0)
        {
            return (double.NaN, double.NaN);
        }

        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / (1 + (z2 / n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
