using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Documents;
using Tagloop.Core.Training;

namespace Tagloop.Core.Tasks;

/// <summary>
/// Serves the next document to an annotator and leases it so that no one else gets it meanwhile. The order is the
/// current model's ranking (most valuable first) once the project has one, and a fixed pseudo-random shuffle of the
/// corpus before that. A document the annotator skipped comes back to them only when nothing else is open to them
/// (the longest-skipped first), and one anybody answered is done — unless it is an overlap document, which goes to as
/// many different people as the project asks (<see cref="Overlap"/>), never twice to one. Documents an owner set aside
/// for someone (<see cref="Assignments"/>) go to them first and to no one else until they have answered.
/// The choice is made in memory (<see cref="TaskPools"/>, <see cref="ITaskLeases"/>); the database is read only for
/// the one document served, by its key, and for a count of the project's completed imports (an index lookup).
/// </summary>
public sealed class TaskQueue(TagloopDbContext db, TaskPools pools, ITaskLeases leases, ModelRegistry? models = null)
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);

    public async Task<Document?> NextAsync(int projectId, string annotator, CancellationToken cancellationToken) =>
        (await NextTaskAsync(projectId, annotator, cancellationToken).ConfigureAwait(false))?.Document;

    /// <summary>The next document, and whether the annotator skipped it before (it comes back when nothing else is left).</summary>
    public async Task<QueuedDocument?> NextTaskAsync(int projectId, string annotator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(leases);

        // A document deleted between the choice and the read (the pool hears of it a moment later) is passed over.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await ChooseAsync(projectId, annotator, cancellationToken).ConfigureAwait(false) is not { } chosen)
            {
                return null;
            }

            if (chosen.Document is not null)
            {
                return chosen.Document;
            }

            await leases.ReleaseAsync(projectId, annotator, chosen.Id, cancellationToken).ConfigureAwait(false);
            await pools.DocumentsRemovedAsync(projectId, [chosen.Id], null).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<(long Id, QueuedDocument? Document)?> ChooseAsync(int projectId, string annotator, CancellationToken cancellationToken)
    {
        var chosen = await pools.WithPoolAsync(db, projectId, async pool =>
        {
            // Asking again returns what the annotator holds, unless someone answered it meanwhile.
            var id = await leases.HeldAsync(projectId, annotator, cancellationToken).ConfigureAwait(false) is { } held && pool.IsServableTo(held, annotator)
                ? held
                : await leases.LeaseFirstFreeAsync(projectId, annotator, pool.Candidates(annotator, models?.Current(projectId)?.Ranked), pool.Slots, cancellationToken).ConfigureAwait(false);
            return id is { } found
                ? (Id: found, Skipped: pool.IsSkippedBy(found, annotator), Independent: pool.IsOverlap(found), Assigned: pool.IsAssignedTo(found, annotator))
                : ((long Id, bool Skipped, bool Independent, bool Assigned)?)null;
        }, cancellationToken).ConfigureAwait(false);

        if (chosen is not { } next)
        {
            return null;
        }

        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == next.Id && d.ProjectId == projectId, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return (next.Id, null);
        }

        var reason = await db.RelabelRequests.AsNoTracking().Where(r => r.DocumentId == next.Id && r.ProjectId == projectId)
            .Select(r => r.Reason).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return (next.Id, new QueuedDocument(document, next.Skipped, reason, next.Independent, next.Assigned));
    }
}
