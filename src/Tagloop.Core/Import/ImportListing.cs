using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;

namespace Tagloop.Core.Import;

/// <summary>One import of a project as its list shows it: what file, when, how many of its documents are still there and how many have an answer.</summary>
public sealed record ImportSummary(long Id, string? FileName, string? Format, ImportRunState State, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Documents, int Answered);

/// <summary>Lists a project's imports, newest first: the ones that completed, and any still running.</summary>
public static class ImportListing
{
    public static async Task<Outcome<IReadOnlyList<ImportSummary>>> ListAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var runs = await db.ImportRuns.AsNoTracking()
            .Where(r => r.ProjectId == projectId && (r.State == ImportRunState.Completed || r.State == ImportRunState.Running))
            .OrderByDescending(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var documents = await db.Documents.Where(d => d.ProjectId == projectId && d.ImportRunId != null)
            .GroupBy(d => d.ImportRunId).Select(g => new { Run = g.Key!.Value, Count = g.Count() })
            .ToDictionaryAsync(x => x.Run, x => x.Count, cancellationToken).ConfigureAwait(false);
        var current = db.Annotations.Where(a => a.ProjectId == projectId && a.IsCurrent && a.Kind == AnnotationKind.Answer);
        var answered = await db.Documents.Where(d => d.ProjectId == projectId && d.ImportRunId != null && current.Any(a => a.DocumentId == d.Id))
            .GroupBy(d => d.ImportRunId).Select(g => new { Run = g.Key!.Value, Count = g.Count() })
            .ToDictionaryAsync(x => x.Run, x => x.Count, cancellationToken).ConfigureAwait(false);
        return runs.Select(r => new ImportSummary(
            r.Id, r.FileName, r.Format, r.State, r.StartedAt, r.FinishedAt, documents.GetValueOrDefault(r.Id), answered.GetValueOrDefault(r.Id))).ToList();
    }
}
