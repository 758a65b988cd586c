using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// One rule's counts over a corpus: its hits; of those, where another switched-on rule votes too (overlapping) and
/// votes another class (conflicting); and where the document has a label so far (answered) that includes the rule's (correct).
/// </summary>
internal readonly record struct RuleMeasure(int Hits, int Overlapping, int Conflicting, int Answered, int Correct)
{
    /// <param name="votes">The rule's votes (document positions).</param>
    /// <param name="class">The class it votes.</param>
    /// <param name="enabled">The switched-on rules' votes by document.</param>
    /// <param name="self">The rule's own column in <paramref name="enabled"/>, left out; -1 when it has none.</param>
    public static RuleMeasure Of(RuleVotes votes, int @class, LabelRows enabled, int self, RuleGold gold)
    {
        int overlapping = 0, conflicting = 0, answered = 0, correct = 0;
        foreach (var d in votes.Documents)
        {
            bool other = false, different = false;
            for (var e = enabled.Start[d]; e < enabled.Start[d + 1]; e++)
            {
                if (enabled.Rule[e] != self)
                {
                    other = true;
                    different |= enabled.Class[e] != @class;
                }
            }

            overlapping += other ? 1 : 0;
            conflicting += different ? 1 : 0;
            if (gold.Of(d) is { } labels)
            {
                answered++;
                correct += Array.IndexOf(labels, @class) >= 0 ? 1 : 0;
            }
        }

        return new RuleMeasure(votes.Count, overlapping, conflicting, answered, correct);
    }

    /// <summary><paramref name="part"/> as a share of the hits (0 without any).</summary>
    public double OfHits(int part) => Hits == 0 ? 0 : (double)part / Hits;

    /// <summary>Correct over answered and its 95% Wilson interval; nulls without answers, and always in a multi-label project.</summary>
    public (double? Accuracy, double? Low, double? High) Accuracy(bool multiLabel)
    {
        if (multiLabel || Answered == 0)
        {
            return (null, null, null);
        }

        var (low, high) = RuleAnalysis.Wilson(Correct, Answered);
        return ((double)Correct / Answered, low, high);
    }
}
