namespace Tagloop.Core.Tasks;

/// <summary>
/// Who holds which document. A lease lasts <see cref="TaskQueue.LeaseDuration"/>; an annotator holds at most one per
/// project, and taking a new one drops the old. On one server the leases live in memory
/// (<see cref="InMemoryTaskLeases"/>, the default): losing them in a restart only frees documents early. Several
/// servers sharing one database need an implementation backed by it.
/// </summary>
public interface ITaskLeases
{
    /// <summary>The document the annotator holds in the project, if the lease has not run out.</summary>
    ValueTask<long?> HeldAsync(int projectId, string annotator, CancellationToken cancellationToken);

    /// <summary>
    /// Leases to the annotator the first of <paramref name="candidates"/> (read in order, lazily) that nobody else
    /// holds, dropping what the annotator held before; null, keeping the old lease, when every candidate is held.
    /// Atomic: two annotators asking at once never get the same document.
    /// </summary>
    ValueTask<long?> LeaseFirstFreeAsync(int projectId, string annotator, IEnumerable<long> candidates, CancellationToken cancellationToken);

    /// <summary>Ends the annotator's lease on the document, if they hold it (they answered or skipped it).</summary>
    ValueTask ReleaseAsync(int projectId, string annotator, long documentId, CancellationToken cancellationToken);
}
