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
/// for someone (<see cref="Assignments"/>) go to them first and to no one else until they have answered; documents the
/// annotator chose to label next (<see cref="QueueFocus"/>) go before those.
/// The choice is made in memory (<see cref="TaskPools"/>, <see cref="ITaskLeases"/>); the database is read only for
/// the one document served, by its key, and for a count of the project's completed imports (an index lookup). When
/// several servers share the database (<see cref="ITaskLeases.Shared"/>), the leased document's current answers are
/// read too, as this server's pool may not yet know of answers given through another.
/// </summary>
public sealed class TaskQueue(TagloopDbContext db, TaskPools pools, ITaskLeases leases, ModelRegistry? models = null, QueueFocus? focus = null)
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

    /// <summary>
    /// With leases shared between servers: reads, after the lease is in the database, what is current on the leased
    /// document, and whether the pool knew it all when it chose (the document open to the annotator, as many slots, the
    /// same skip). An answer committed on another server before this lease was taken is seen here, as its author's lease
    /// ends only after the commit and counted against the document's slots until then.
    /// </summary>
    private async Task<bool> KnownAsync(TaskPool pool, int projectId, string annotator, long documentId, CancellationToken cancellationToken)
    {
        var before = (pool.IsServableTo(documentId, annotator), pool.Slots(documentId), pool.IsSkippedBy(documentId, annotator));
        await TaskPools.RefreshAsync(db, pool, projectId, documentId, cancellationToken).ConfigureAwait(false);
        return before == (pool.IsServableTo(documentId, annotator), pool.Slots(documentId), pool.IsSkippedBy(documentId, annotator));
    }

    private async Task<(long Id, QueuedDocument? Document)?> ChooseAsync(int projectId, string annotator, CancellationToken cancellationToken)
    {
        var chosen = await pools.WithPoolAsync(db, projectId, async pool =>
        {
            while (true)
            {
                // Asking again returns what the annotator holds, unless someone answered it meanwhile.
                var id = await leases.HeldAsync(projectId, annotator, cancellationToken).ConfigureAwait(false) is { } held && pool.IsServableTo(held, annotator)
                    ? held
                    : await leases.LeaseFirstFreeAsync(projectId, annotator, pool.Candidates(annotator, models?.Ranked(projectId), focus?.Of(projectId, annotator)), pool.Slots, cancellationToken).ConfigureAwait(false);
                if (id is not { } found)
                {
                    return ((long Id, bool Skipped, bool Independent, bool Assigned)?)null;
                }

                if (!leases.Shared || await KnownAsync(pool, projectId, annotator, found, cancellationToken).ConfigureAwait(false))
                {
                    return (Id: found, Skipped: pool.IsSkippedBy(found, annotator), Independent: pool.IsOverlap(found), Assigned: pool.IsAssignedTo(found, annotator));
                }

                // Another server's annotator answered it (or skipped, or undid) since this pool last heard: the pool now
                // knows, and the choice is made again with what it knows.
                await leases.ReleaseAsync(projectId, annotator, found, cancellationToken).ConfigureAwait(false);
            }
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
