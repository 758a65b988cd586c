using Microsoft.EntityFrameworkCore;

namespace Tagloop.Core.Import;

/// <summary>
/// Imports that have not completed: waits for the ones still running and removes what the others left behind (their
/// documents with their pre-filled labels, then the run). Rows go in small transactions, so even a crashed
/// million-line import is removed without holding the database's write lock for long; until then they stay hidden.
/// </summary>
public sealed class UnfinishedImports(TagloopDbContext db, TimeProvider time)
{
    private const int RowsPerDelete = 2_000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Removes every import (of one project, or all) that was abandoned, or whose process is gone: a server calls it as
    /// it starts, to clear what a crash left. Returns how many runs it removed.
    /// </summary>
    public async Task<int> RemoveAsync(int? projectId, CancellationToken cancellationToken)
    {
        var unfinished = await db.ImportRuns.AsNoTracking()
            .Where(r => (projectId == null || r.ProjectId == projectId) && r.State != ImportRunState.Completed)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var run in unfinished.Where(r => r.State == ImportRunState.Abandoned || !ImportOwner.IsAlive(r)))
        {
            await RemoveRunAsync(run, cancellationToken).ConfigureAwait(false);
            removed++;
        }

        return removed;
    }

    /// <summary>
    /// Returns once no earlier import into the same project is running (imports into one project take turns, as each
    /// checks for duplicates against what the project holds), having removed what dead ones left behind.
    /// </summary>
    internal async Task WaitForEarlierAsync(ImportRun run, CancellationToken cancellationToken)
    {
        while (true)
        {
            await RemoveAsync(run.ProjectId, cancellationToken).ConfigureAwait(false);
            var earlier = await db.ImportRuns.AsNoTracking()
                .Where(r => r.ProjectId == run.ProjectId && r.Id < run.Id && r.State == ImportRunState.Running)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (!earlier.Any(ImportOwner.IsAlive))
            {
                return;
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Marks the run abandoned (others stop waiting for it), then deletes its rows batch by batch, then the run.</summary>
    internal async Task RemoveRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        await db.ImportRuns.Where(r => r.Id == run.Id && r.State != ImportRunState.Completed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ImportRunState.Abandoned).SetProperty(r => r.FinishedAt, time.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);

        // Annotations, their labels and spans go with their documents (foreign keys cascade). Shuffle-key order is the
        // index's own within the run, so each batch is found without sorting the run.
        int deleted;
        do
        {
            deleted = await db.Documents.IgnoreQueryFilters()
                .Where(d => d.ProjectId == run.ProjectId && d.ImportRunId == run.Id)
                .OrderBy(d => d.ShuffleKey).Take(RowsPerDelete)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
        while (deleted > 0);

        await db.ImportRuns.Where(r => r.Id == run.Id && r.State == ImportRunState.Abandoned)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
