using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Review;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// What rules are measured against: each document's final label (<see cref="FinalLabel"/>: a reviewer's adjudication,
/// else what the current answers agree on; a tie is no label) as class indices, by position in a
/// <see cref="RuleCorpusSnapshot"/>. For an annotator, who sees only their own answers, their own current answer alone.
/// </summary>
internal sealed class RuleGold
{
    private readonly int[]?[] classes;

    private RuleGold(int[]?[] classes, int count)
    {
        this.classes = classes;
        Count = count;

        // FNV-1a over each labelled position and its classes, in order.
        var hash = 14695981039346656037UL;
        void Mix(int value)
        {
            hash ^= (uint)value;
            hash *= 1099511628211UL;
        }

        for (var d = 0; d < classes.Length; d++)
        {
            if (classes[d] is { } labels)
            {
                Mix(d);
                foreach (var c in labels)
                {
                    Mix(c);
                }

                Mix(-1);
            }
        }

        Fingerprint = hash;
    }

    /// <summary>How many documents have a label.</summary>
    public int Count { get; }

    /// <summary>A hash of every document's labels: the same labels give the same value (to reuse a label model fitted on them).</summary>
    public ulong Fingerprint { get; }

    /// <summary>Document <paramref name="document"/>'s classes (one in a single-label project), or null when it has none.</summary>
    public int[]? Of(int document) => classes[document];

    /// <summary>The documents with exactly one class and that class, for the label model's choice.</summary>
    public (int[] Documents, int[] Classes) Single()
    {
        var documents = new List<int>();
        var single = new List<int>();
        for (var d = 0; d < classes.Length; d++)
        {
            if (classes[d] is [var c])
            {
                documents.Add(d);
                single.Add(c);
            }
        }

        return ([.. documents], [.. single]);
    }

    /// <param name="classOf">The project's label ids → class index.</param>
    /// <param name="onlyAuthor">When set, that person's current answers alone (no adjudications, no one else's).</param>
    public static async Task<RuleGold> ReadAsync(
        TagloopDbContext db, int projectId, bool multiLabel, RuleCorpusSnapshot corpus, IReadOnlyDictionary<int, int> classOf, string? onlyAuthor,
        CancellationToken cancellationToken)
    {
        var answers = db.Annotations.AsNoTracking().Where(a => a.ProjectId == projectId && a.IsCurrent && a.Kind == AnnotationKind.Answer);
        if (onlyAuthor is not null)
        {
            answers = answers.Where(a => a.Author == onlyAuthor);
        }

        // Each current answer's labels (an answer without a label still counts as one person's answer).
        var byAnswer = new Dictionary<long, (long Document, List<int> Labels)>();
        await foreach (var row in answers.Select(a => new { a.Id, a.DocumentId }).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            byAnswer[row.Id] = (row.DocumentId, []);
        }

        await foreach (var label in answers.Join(db.AnnotationLabels, a => a.Id, l => l.AnnotationId, (a, l) => new { a.Id, l.LabelId })
            .AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (byAnswer.TryGetValue(label.Id, out var answer))
            {
                answer.Labels.Add(label.LabelId);
            }
        }

        var answersOf = byAnswer.Values.ToLookup(a => a.Document, a => (IReadOnlyCollection<int>)a.Labels);
        var adjudications = onlyAuthor is not null
            ? []
            : await db.Adjudications.AsNoTracking().Include(a => a.Labels).Where(a => a.ProjectId == projectId)
                .ToDictionaryAsync(a => a.DocumentId, cancellationToken).ConfigureAwait(false);

        var classes = new int[]?[corpus.Count];
        var count = 0;
        foreach (var document in answersOf.Select(g => g.Key).Concat(adjudications.Keys).Distinct())
        {
            var at = corpus.IndexOf(document);
            if (at < 0 || FinalLabel.Of([.. answersOf[document]], multiLabel, adjudications.GetValueOrDefault(document)) is not { Labels: { } labels })
            {
                continue;
            }

            int[] known = [.. labels.Where(classOf.ContainsKey).Select(l => classOf[l]).Distinct().Order()];
            if (known.Length > 0)
            {
                classes[at] = known;
                count++;
            }
        }

        return new RuleGold(classes, count);
    }
}
