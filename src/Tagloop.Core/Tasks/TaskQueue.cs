using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Documents;
using Tagloop.Core.Training;

namespace Tagloop.Core.Tasks;

/// <summary>
/// Serves the next document to an annotator and leases it so that no one else gets it meanwhile. The order is the
/// current model's ranking (most valuable first) once the project has one, and a fixed pseudo-random shuffle of the
/// corpus before that. A document the annotator skipped never comes back to them, and one anybody answered is done.
/// The choice is made in memory (<see cref="TaskPools"/>, <see cref="ITaskLeases"/>); the database is read only for
/// the one document served, by its key, and for a count of the project's completed imports (an index lookup).
/// </summary>
public sealed class TaskQueue(TagloopDbContext db, TaskPools pools, ITaskLeases leases, ModelRegistry? models = null)
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);

    public async Task<Document?> NextAsync(int projectId, string annotator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(leases);
        var documentId = await pools.WithPoolAsync(db, projectId, async pool =>
        {
            // Asking again returns what the annotator holds, unless someone answered it meanwhile.
            if (await leases.HeldAsync(projectId, annotator, cancellationToken).ConfigureAwait(false) is { } held && pool.IsOpenFor(held, annotator))
            {
                return held;
            }

            return await leases.LeaseFirstFreeAsync(projectId, annotator, pool.Candidates(annotator, models?.Current(projectId)?.Ranked), cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        return documentId is not { } id
            ? null
            : await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.ProjectId == projectId, cancellationToken).ConfigureAwait(false);
    }
}
