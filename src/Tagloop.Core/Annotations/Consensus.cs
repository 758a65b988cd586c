namespace Tagloop.Core.Annotations;

/// <summary>
/// What a document's current answers (one per person) agree on, for training until someone adjudicates it: the label
/// most of them chose (single-label), or each label more than half of them chose (multi-label). A tie agrees on
/// nothing, and the document is left out rather than guessed.
/// </summary>
public static class Consensus
{
    /// <summary>The agreed label indices, sorted; null on a tie or when nothing is agreed.</summary>
    public static int[]? Of(IReadOnlyList<IReadOnlyCollection<int>> answers, bool multiLabel)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            return null;
        }

        if (answers.Count == 1)
        {
            return answers[0].Count == 0 ? null : [.. answers[0].Distinct().Order()];
        }

        var votes = new Dictionary<int, int>();
        foreach (var answer in answers)
        {
            foreach (var label in answer.Distinct())
            {
                votes[label] = votes.GetValueOrDefault(label) + 1;
            }
        }

        if (!multiLabel)
        {
            var top = votes.Values.DefaultIfEmpty(0).Max();
            var winners = votes.Where(v => v.Value == top).Select(v => v.Key).ToList();
            return top > 0 && winners.Count == 1 ? [winners[0]] : null;
        }

        var n = answers.Count;
        if (votes.Values.Any(v => v * 2 == n))
        {
            return null;
        }

        int[] agreed = [.. votes.Where(v => v.Value * 2 > n).Select(v => v.Key).Order()];
        return agreed.Length == 0 ? null : agreed;
    }
}
