using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;

namespace Tagloop.Core.Annotations;

/// <summary>Computes <see cref="ProjectStatistics"/> in a handful of aggregate queries.</summary>
public sealed class ProjectStatisticsQuery(TagloopDbContext db)
{
    public async Task<Outcome<ProjectStatistics>> ComputeAsync(int projectId, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels)
            .FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var current = db.Annotations.AsNoTracking().Where(a => a.ProjectId == projectId && a.IsCurrent);
        var answers = current.Where(a => a.Kind == AnnotationKind.Answer);
        var total = await db.Documents.CountAsync(d => d.ProjectId == projectId, cancellationToken).ConfigureAwait(false);
        var labelled = await answers.Select(a => a.DocumentId).Distinct().CountAsync(cancellationToken).ConfigureAwait(false);
        var skipped = await current.Where(a => a.Kind == AnnotationKind.Skip).Select(a => a.DocumentId).Distinct().CountAsync(cancellationToken).ConfigureAwait(false);
        var flagged = await current.Where(a => a.Flagged).Select(a => a.DocumentId).Distinct().CountAsync(cancellationToken).ConfigureAwait(false);
        var answerCount = await answers.CountAsync(cancellationToken).ConfigureAwait(false);

        // A span-tagging project counts entities (accepted spans of current answers, partial ones too) per type.
        var perLabel = project.Task == Projects.ProjectTask.SpanTagging
            ? await db.AnnotationSpans.AsNoTracking()
                .Where(s => !s.Rejected)
                .Join(current.Where(a => a.Kind != AnnotationKind.Skip || a.Regions != null), s => s.AnnotationId, a => a.Id, (s, a) => s.LabelId)
                .GroupBy(id => id)
                .Select(g => new { LabelId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.LabelId, x => x.Count, cancellationToken).ConfigureAwait(false)
            : await db.AnnotationLabels.AsNoTracking()
                .Join(answers, l => l.AnnotationId, a => a.Id, (l, a) => new { l.LabelId, a.DocumentId })
                .Distinct()
                .GroupBy(x => x.LabelId)
                .Select(g => new { LabelId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.LabelId, x => x.Count, cancellationToken).ConfigureAwait(false);
        var perAuthor = await current.GroupBy(a => a.Author)
            .Select(g => new NamedCount(g.Key, g.Count()))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        return new ProjectStatistics(
            total,
            labelled,
            skipped,
            flagged,
            answerCount,
            [.. project.Labels.OrderBy(l => l.Order).Select(l => new NamedCount(l.Name, perLabel.GetValueOrDefault(l.Id)))],
            [.. perAuthor.OrderByDescending(a => a.Count).ThenBy(a => a.Name, StringComparer.Ordinal)]);
    }
}
