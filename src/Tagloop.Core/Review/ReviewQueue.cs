using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;

namespace Tagloop.Core.Review;

/// <summary>
/// What waits for a reviewer: documents a label split sent back, documents people answered differently, flagged
/// documents, and answers the model confidently disagrees with. A reviewer's final label (newer than the answers and
/// flags) settles a document; the queue lists the rest, in that order of reasons.
/// </summary>
public sealed class ReviewQueue(TagloopDbContext db)
{
    public static readonly string[] Reasons = ["relabel", "disagreement", "flagged", "suspect"];

    public const int MaxPageSize = 200;

    private const int PreviewLength = 600;

    public async Task<Outcome<ReviewPage>> ListAsync(
        int projectId, string? reason, int page, int pageSize, IReadOnlyList<SuspectedAnswer> suspects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suspects);
        if (reason is not null && !Reasons.Contains(reason))
        {
            return Problem.Invalid("reason", $"Unknown reason '{UnicodeText.Quote(reason, 40)}'; use {string.Join(", ", Reasons)}, or leave it out for all.");
        }

        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return Problem.Invalid("page", $"page starts at 1 and pageSize is 1 to {MaxPageSize}; got page {page}, pageSize {pageSize}.");
        }

        var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var names = project.Labels.ToDictionary(l => l.Id, l => l.Name);
        var classes = project.Labels.OrderBy(l => l.Order).Select(l => l.Name).ToList();
        var current = await db.Annotations.AsNoTracking().Where(a => a.ProjectId == projectId && a.IsCurrent)
            .Select(a => new { a.Id, a.DocumentId, a.Author, a.Kind, a.Flagged, a.FlagNote, a.CreatedAt, LabelIds = a.Labels.Select(l => l.LabelId).ToList() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var byDocument = current.ToLookup(a => a.DocumentId);
        var adjudications = await db.Adjudications.AsNoTracking().Include(a => a.Labels).Where(a => a.ProjectId == projectId)
            .ToDictionaryAsync(a => a.DocumentId, cancellationToken).ConfigureAwait(false);
        var relabel = await db.RelabelRequests.AsNoTracking().Where(r => r.ProjectId == projectId)
            .OrderBy(r => r.ChangeId).ThenBy(r => r.DocumentId).Select(r => new { r.DocumentId, r.Reason })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // A document is settled when a reviewer decided after everything that asks for review.
        bool Settled(long documentId, DateTimeOffset since) => adjudications.TryGetValue(documentId, out var a) && a.DecidedAt >= since;

        var reasons = new Dictionary<long, List<string>>();
        var order = new List<long>();
        void Add(long documentId, string why)
        {
            if (!reasons.TryGetValue(documentId, out var list))
            {
                list = [];
                reasons[documentId] = list;
                order.Add(documentId);
            }

            if (!list.Contains(why))
            {
                list.Add(why);
            }
        }

        foreach (var r in relabel)
        {
            Add(r.DocumentId, "relabel");
        }

        foreach (var document in byDocument)
        {
            var answers = document.Where(a => a.Kind == AnnotationKind.Answer).ToList();
            if (answers.Select(a => string.Join(',', a.LabelIds.Order())).Distinct().Count() > 1 && !Settled(document.Key, answers.Max(a => a.CreatedAt)))
            {
                Add(document.Key, "disagreement");
            }
        }

        foreach (var document in byDocument)
        {
            var flags = document.Where(a => a.Flagged).ToList();
            if (flags.Count > 0 && !Settled(document.Key, flags.Max(a => a.CreatedAt)))
            {
                Add(document.Key, "flagged");
            }
        }

        var suggestion = new Dictionary<long, SuspectedAnswer>();
        foreach (var s in suspects)
        {
            if (!adjudications.ContainsKey(s.DocumentId) && byDocument.Contains(s.DocumentId))
            {
                suggestion[s.DocumentId] = s;
                Add(s.DocumentId, "suspect");
            }
        }

        var counts = Reasons.ToDictionary(r => r, r => reasons.Values.Count(l => l.Contains(r)));
        var selected = reason is null ? order : [.. order.Where(d => reasons[d].Contains(reason))];
        var skip = (long)(page - 1) * pageSize;
        var pageIds = selected.Skip((int)Math.Min(skip, selected.Count)).Take(pageSize).ToList();
        var texts = await db.Documents.AsNoTracking().Where(d => pageIds.Contains(d.Id))
            .Select(d => new { d.Id, Text = d.Text.Substring(0, PreviewLength) }).ToDictionaryAsync(d => d.Id, d => d.Text, cancellationToken).ConfigureAwait(false);
        var relabelReasons = relabel.ToDictionary(r => r.DocumentId, r => r.Reason);

        var items = new List<ReviewItem>();
        foreach (var id in pageIds.Where(texts.ContainsKey))
        {
            var answers = byDocument[id].OrderBy(a => a.Id).ToList();
            var final = FinalLabel.Of(
                [.. answers.Where(a => a.Kind == AnnotationKind.Answer).Select(a => (IReadOnlyCollection<int>)a.LabelIds)],
                project.MultiLabel, adjudications.GetValueOrDefault(id));
            suggestion.TryGetValue(id, out var suspect);
            items.Add(new ReviewItem(
                id,
                texts[id],
                reasons[id],
                [.. answers.Select(a => new ReviewAnswer(a.Id, a.Author, [.. a.LabelIds.Where(names.ContainsKey).Select(l => names[l])], a.Kind == AnnotationKind.Skip, a.Flagged, a.FlagNote, a.CreatedAt))],
                final?.Labels is { } labels ? [.. labels.Where(names.ContainsKey).Select(l => names[l])] : null,
                final?.DecidedBy,
                suspect is null || suspect.Suggested >= classes.Count ? null : classes[suspect.Suggested],
                suspect?.Confidence,
                relabelReasons.GetValueOrDefault(id)));
        }

        return new ReviewPage(items, selected.Count, page, pageSize, counts);
    }
}
