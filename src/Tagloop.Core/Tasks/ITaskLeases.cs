namespace Tagloop.Core.Tasks;

/// <summary>
/// Who holds which document. A lease lasts <see cref="TaskQueue.LeaseDuration"/>; an annotator holds at most one per
/// project, and taking a new one drops the old; a document has one slot, or several when the project asks that many people
/// answer it independently. On one server the leases live in memory
/// (<see cref="InMemoryTaskLeases"/>, the default): losing them in a restart only frees documents early. Several
/// servers sharing one PostgreSQL database hold them in it (<c>PostgresTaskLeases</c>, over <see cref="TaskLease"/> rows).
/// </summary>
public interface ITaskLeases
{
    /// <summary>
    /// Whether other servers lease from the same store: then a server's <see cref="TaskPools"/> may not yet know of
    /// answers given through them, and <see cref="TaskQueue"/> checks a leased document against the database.
    /// </summary>
    bool Shared { get; }

    /// <summary>The document the annotator holds in the project, if the lease has not run out.</summary>
    ValueTask<long?> HeldAsync(int projectId, string annotator, CancellationToken cancellationToken);

    /// <summary>
    /// Leases to the annotator the first of <paramref name="candidates"/> (read in order, lazily) that fewer others hold
    /// than its <paramref name="slots"/> (1 for most documents; more for one that several people answer independently),
    /// dropping what the annotator held before; null, keeping the old lease, when every candidate is full.
    /// Atomic: two annotators asking at once never get the same slot.
    /// </summary>
    ValueTask<long?> LeaseFirstFreeAsync(int projectId, string annotator, IEnumerable<long> candidates, Func<long, int> slots, CancellationToken cancellationToken);

    /// <summary>Ends the annotator's lease on the document, if they hold it (they answered or skipped it).</summary>
    ValueTask ReleaseAsync(int projectId, string annotator, long documentId, CancellationToken cancellationToken);
}
