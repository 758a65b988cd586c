using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Projects;

namespace Tagloop.Core.Explore;

/// <summary>
/// The current answers of a project's documents as the map and the groups show them: for each answered document, how
/// many of its current answers carry each label (a span-tagging answer counts once for each entity type it marks), and
/// which documents have an answer at all. With <c>onlyAuthor</c> (an annotator, who sees only their own answers), only
/// that person's answers count.
/// </summary>
public sealed class ExploreAnswers
{
    private readonly Dictionary<long, Dictionary<int, int>> counts;

    private ExploreAnswers(Dictionary<long, Dictionary<int, int>> counts, HashSet<long> answered)
    {
        this.counts = counts;
        Answered = answered;
    }

    /// <summary>The documents with at least one current answer (a multi-label answer may carry no label).</summary>
    public IReadOnlySet<long> Answered { get; }

    public static async Task<ExploreAnswers> LoadAsync(TagloopDbContext db, Project project, string? onlyAuthor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(project);
        var current = db.Annotations.AsNoTracking().Where(a => a.ProjectId == project.Id && a.IsCurrent && a.Kind != AnnotationKind.Skip);
        if (onlyAuthor is not null)
        {
            current = current.Where(a => a.Author == onlyAuthor);
        }

        var answered = (await current.Select(a => a.DocumentId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        var pairs = project.Task == ProjectTask.SpanTagging
            ? await current.Join(db.Set<AnnotationSpan>().Where(s => !s.Rejected), a => a.Id, s => s.AnnotationId, (a, s) => new { Answer = a.Id, a.DocumentId, s.LabelId })
                .Distinct().Select(p => new { p.DocumentId, p.LabelId }).ToListAsync(cancellationToken).ConfigureAwait(false)
            : await current.Join(db.Set<AnnotationLabel>(), a => a.Id, l => l.AnnotationId, (a, l) => new { a.DocumentId, l.LabelId })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<long, Dictionary<int, int>>();
        foreach (var pair in pairs)
        {
            if (!counts.TryGetValue(pair.DocumentId, out var labels))
            {
                counts[pair.DocumentId] = labels = [];
            }

            labels[pair.LabelId] = labels.GetValueOrDefault(pair.LabelId) + 1;
        }

        return new ExploreAnswers(counts, answered);
    }

    /// <summary>How many of the document's current answers carry each label (label id → count); empty when none.</summary>
    public IReadOnlyDictionary<int, int> Of(long documentId) => counts.TryGetValue(documentId, out var labels) ? labels : Empty;

    /// <summary>The label most of the document's answers give (ties to the earlier label in <paramref name="order"/>), or null.</summary>
    public int? Main(long documentId, IReadOnlyDictionary<int, int> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        int? best = null;
        foreach (var (label, count) in Of(documentId))
        {
            if (best is not { } b || count > counts[documentId][b] || (count == counts[documentId][b] && order.GetValueOrDefault(label) < order.GetValueOrDefault(b)))
            {
                best = label;
            }
        }

        return best;
    }

    private static readonly Dictionary<int, int> Empty = [];
}
