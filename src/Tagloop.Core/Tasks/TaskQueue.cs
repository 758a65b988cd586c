using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Training;

namespace Tagloop.Core.Tasks;

/// <summary>
/// Serves the next document to an annotator and leases it so that no one else gets it meanwhile.
/// The order is the current model's ranking (most valuable first) once the project has one, and a fixed
/// pseudo-random shuffle of the corpus before that. A document the annotator answered or skipped never comes
/// back to them, and one anybody answered is done.
/// </summary>
public sealed class TaskQueue(TagloopDbContext db, TimeProvider time, ModelRegistry? models = null)
{
    private const int RankChunk = 200;
    private const int RankChunksTried = 5;

    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);

    // One lease decision at a time per project, so two annotators asking at once never get the same document.
    private static readonly ConcurrentDictionary<int, SemaphoreSlim> Gates = new();

    public async Task<Document?> NextAsync(int projectId, string annotator, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var open = OpenFor(projectId, annotator);
            var held = await db.TaskLeases.AsNoTracking()
                .Where(l => l.ProjectId == projectId && l.Annotator == annotator && l.ExpiresAt > now)
                .Join(open, l => l.DocumentId, d => d.Id, (l, d) => d)
                .OrderBy(d => d.ShuffleKey)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (held is not null)
            {
                return held;
            }

            var free = open.Where(d => !db.TaskLeases.Any(l => l.DocumentId == d.Id && l.Annotator != annotator && l.ExpiresAt > now));
            var next = await RankedAsync(free, projectId, cancellationToken).ConfigureAwait(false)
                ?? await free.OrderBy(d => d.ShuffleKey).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return null;
            }

            // The old leases go and the new one comes in one transaction: one commit (one sync to disk), not two.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await db.TaskLeases.Where(l => l.ProjectId == projectId && (l.Annotator == annotator || l.ExpiresAt <= now))
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            db.TaskLeases.Add(new TaskLease { DocumentId = next.Id, ProjectId = projectId, Annotator = annotator, ExpiresAt = now + LeaseDuration });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return next;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The best-ranked free document among the model's top few hundred, if any.</summary>
    private async Task<Document?> RankedAsync(IQueryable<Document> free, int projectId, CancellationToken cancellationToken)
    {
        var ranked = models?.Current(projectId)?.Ranked;
        if (ranked is null)
        {
            return null;
        }

        for (var chunk = 0; chunk < RankChunksTried && chunk * RankChunk < ranked.Count; chunk++)
        {
            var ids = ranked.Skip(chunk * RankChunk).Take(RankChunk).ToList();
            var candidates = await free.Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (candidates.Count > 0)
            {
                var position = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
                return candidates.MinBy(d => position[d.Id]);
            }
        }

        return null;
    }

    private IQueryable<Document> OpenFor(int projectId, string annotator) =>
        db.Documents.AsNoTracking()
            .Where(d => d.ProjectId == projectId)
            .Where(d => !db.Annotations.Any(a => a.ProjectId == projectId && a.DocumentId == d.Id && a.IsCurrent
                && (a.Kind == AnnotationKind.Answer || a.Author == annotator)));
}
