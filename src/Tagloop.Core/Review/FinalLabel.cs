using Tagloop.Core.Annotations;

namespace Tagloop.Core.Review;

/// <summary>A document's final label set (label ids) and how it was decided; <see cref="Labels"/> is null when undecided.</summary>
public sealed record FinalLabel(IReadOnlyList<int>? Labels, string DecidedBy, string? Reviewer = null)
{
    /// <summary>
    /// The final label: a reviewer's adjudication when there is one, else what the current answers (one per person)
    /// agree on (<see cref="Consensus"/>).
    /// </summary>
    public static FinalLabel? Of(IReadOnlyList<IReadOnlyCollection<int>> answers, bool multiLabel, Adjudication? adjudication)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (adjudication is not null)
        {
            return new FinalLabel([.. adjudication.Labels.Select(l => l.LabelId)], FinalDecision.Adjudication, adjudication.DecidedBy);
        }

        if (answers.Count == 0)
        {
            return null;
        }

        var agreed = Consensus.Of(answers, multiLabel);
        return agreed is null
            ? new FinalLabel(null, FinalDecision.Undecided)
            : new FinalLabel(agreed, answers.Count == 1 ? FinalDecision.Single : FinalDecision.Majority);
    }
}
