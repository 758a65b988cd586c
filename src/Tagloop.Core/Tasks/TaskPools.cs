using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Import;

namespace Tagloop.Core.Tasks;

/// <summary>
/// Each project's <see cref="TaskPool"/>, loaded from the database on first use and then kept current: after a commit
/// changes a document's answers its current annotations are read again (one index lookup), and documents of imports
/// that completed since are added (found by a count of the project's completed imports, so imports run by another
/// process, such as <c>tagloop import</c>, arrive too). One gate per project serialises loading, updates and the
/// choice of the next document; the choice itself is a walk in memory. The first load of a project reads one index
/// (ids and shuffle keys) and the current answers: about a second for a million documents, once per server start.
/// </summary>
public sealed class TaskPools
{
    private readonly ConcurrentDictionary<int, Entry> entries = new();
    private readonly TimeProvider? time;
    private readonly TimeSpan? reloadAfter;

    /// <summary>Pools kept current by this server's own commits alone (one server per database).</summary>
    public TaskPools()
    {
    }

    /// <summary>
    /// Pools of a server that shares its database with others: besides this server's commits, each pool is read afresh
    /// once it is <paramref name="reloadAfter"/> old, so that what other servers changed in bulk (labels edited, answers
    /// undone, settings) reaches this server's queue. Answers given elsewhere need no reload: the queue checks each
    /// leased document against the database (<see cref="ITaskLeases.Shared"/>).
    /// </summary>
    public TaskPools(TimeProvider time, TimeSpan reloadAfter)
    {
        this.time = time;
        this.reloadAfter = reloadAfter;
    }

    /// <summary>Drops a project's pool (the project was deleted, or its taxonomy changed what is answered): the next request loads it afresh.</summary>
    public void Forget(int projectId) => entries.TryRemove(projectId, out _);

    /// <summary>Documents were deleted (with the import that brought them, when <paramref name="importRunId"/> is given): they leave the pool.</summary>
    public async Task DocumentsRemovedAsync(int projectId, IReadOnlyCollection<long> documentIds, long? importRunId)
    {
        if (!entries.TryGetValue(projectId, out var entry))
        {
            return;
        }

        await entry.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            entry.Pool?.Remove(documentIds);
            if (importRunId is { } run)
            {
                // The run's row is gone, so the count of completed runs no longer includes it.
                entry.Pool?.Imports.Remove(run);
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Loads the project's pool now, if it is not loaded, so that the first annotator to ask does not wait for it.</summary>
    public Task LoadAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken) =>
        WithPoolAsync(db, projectId, _ => ValueTask.FromResult(true), cancellationToken);

    /// <summary>Runs <paramref name="choose"/> on the project's pool, loaded and brought up to date first, under the project's gate.</summary>
    internal async Task<T> WithPoolAsync<T>(TagloopDbContext db, int projectId, Func<TaskPool, ValueTask<T>> choose, CancellationToken cancellationToken)
    {
        var entry = entries.GetOrAdd(projectId, _ => new Entry());
        if (entry.Pool is { } loaded && loaded.Imports.Count < await CompletedImportsAsync(db, projectId, cancellationToken).ConfigureAwait(false))
        {
            await TakeInImportsAsync(db, projectId, entry, loaded, cancellationToken).ConfigureAwait(false);
        }

        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Pool is not null && time is not null && time.GetUtcNow() - entry.LoadedAt >= reloadAfter)
            {
                entry.Pool = null;
            }

            if (entry.Pool is null)
            {
                entry.Pool = await ReadAsync(db, projectId, cancellationToken).ConfigureAwait(false);
                entry.LoadedAt = time?.GetUtcNow() ?? default;
            }

            return await choose(entry.Pool).ConfigureAwait(false);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>How many of <paramref name="documentIds"/> could still be served to <paramref name="annotator"/> (not done, not answered by them).</summary>
    public Task<int> CountServableAsync(TagloopDbContext db, int projectId, IEnumerable<long> documentIds, string annotator, CancellationToken cancellationToken) =>
        WithPoolAsync(db, projectId, pool => ValueTask.FromResult(documentIds.Count(d => pool.IsServableTo(d, annotator))), cancellationToken);

    /// <summary>Whether an assignment sets the document aside for the annotator.</summary>
    public Task<bool> IsAssignedAsync(TagloopDbContext db, int projectId, long documentId, string annotator, CancellationToken cancellationToken) =>
        WithPoolAsync(db, projectId, pool => ValueTask.FromResult(pool.IsAssignedTo(documentId, annotator)), cancellationToken);

    /// <summary>After a commit changed the answers on a document: reads what is current on it now.</summary>
    public async Task DocumentChangedAsync(TagloopDbContext db, int projectId, long documentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!entries.TryGetValue(projectId, out var entry))
        {
            // Never loaded: the first load will read the commit.
            return;
        }

        // Not cancelled while waiting: the change is committed, so the pool must take it in, or be dropped and loaded
        // afresh (below, if the read fails or is cancelled).
        await entry.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (entry.Pool is null)
            {
                return;
            }

            // Read under the gate, after the commit: whatever order commits on one document finish in, the last read
            // applied is the newest.
            await RefreshAsync(db, entry.Pool, projectId, documentId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            entry.Pool = null;
            throw;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Reads what is current on one document and sets it in the pool (the caller holds the project's gate).</summary>
    internal static async Task RefreshAsync(TagloopDbContext db, TaskPool pool, int projectId, long documentId, CancellationToken cancellationToken)
    {
        var current = await db.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.DocumentId == documentId && a.IsCurrent)
            .Select(a => new { a.Id, a.Author, a.Kind })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        pool.SetCurrent(documentId, [.. current.Select(a => (a.Id, a.Author, a.Kind))]);
    }

    private static Task<int> CompletedImportsAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken) =>
        db.ImportRuns.CountAsync(r => r.ProjectId == projectId && r.State == ImportRunState.Completed, cancellationToken);

    private static async Task<TaskPool> ReadAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        var overlap = await db.Projects.AsNoTracking().Where(p => p.Id == projectId)
            .Select(p => new { p.OverlapShare, p.OverlapAnswers }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var pool = new TaskPool(overlap?.OverlapShare ?? 0, overlap?.OverlapAnswers ?? Overlap.MinAnswers);

        // No transaction (SQLite's would take the write lock for the whole load): an import completing meanwhile is taken in
        // on the next request (documents already in are ignored), and a commit meanwhile waits at the gate to be applied.
        pool.Imports.UnionWith(await db.ImportRuns.AsNoTracking()
            .Where(r => r.ProjectId == projectId && r.State == ImportRunState.Completed).Select(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false));

        // Id and shuffle key come straight from one index, which also holds the import the filter looks at.
        var ids = new List<long>();
        var keys = new List<long>();
        await foreach (var document in db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId)
            .Select(d => new { d.Id, d.ShuffleKey }).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(document.Id);
            keys.Add(document.ShuffleKey);
        }

        pool.Add([.. ids], [.. keys]);
        pool.SetFront(await db.RelabelRequests.AsNoTracking().Where(r => r.ProjectId == projectId)
            .OrderBy(r => r.ChangeId).ThenBy(r => r.DocumentId).Select(r => r.DocumentId)
            .ToListAsync(cancellationToken).ConfigureAwait(false));
        await foreach (var annotation in db.Annotations.AsNoTracking().Where(a => a.ProjectId == projectId && a.IsCurrent)
            .Select(a => new { a.Id, a.DocumentId, a.Author, a.Kind }).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            pool.AddCurrent(annotation.Id, annotation.DocumentId, annotation.Author, annotation.Kind);
        }

        pool.Reserve(await Assignments.ResolveAllAsync(db, projectId, null, cancellationToken).ConfigureAwait(false));
        return pool;
    }

    /// <summary>
    /// Adds the documents, and their pre-filled labels, of imports that completed since the pool was loaded. Documents
    /// never change, so they are read outside the gate (tens of thousands take a moment); labels are read under it, in
    /// order with the commits that change them. One request does this while the others go on with the pool as it is.
    /// </summary>
    private static async Task TakeInImportsAsync(TagloopDbContext db, int projectId, Entry entry, TaskPool pool, CancellationToken cancellationToken)
    {
        if (!await entry.Reading.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var completed = await db.ImportRuns.AsNoTracking()
                .Where(r => r.ProjectId == projectId && r.State == ImportRunState.Completed).Select(r => r.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            HashSet<long> known;
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                known = [.. pool.Imports];
            }
            finally
            {
                entry.Gate.Release();
            }

            var documents = new List<(long Run, long[] Ids, long[] Keys)>();
            var newRuns = completed.Where(r => !known.Contains(r)).ToList();
            var reservations = newRuns.Count == 0 ? [] : await Assignments.ResolveAllAsync(db, projectId, newRuns, cancellationToken).ConfigureAwait(false);
            foreach (var run in newRuns)
            {
                var rows = await db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && d.ImportRunId == run)
                    .Select(d => new { d.Id, d.ShuffleKey }).ToListAsync(cancellationToken).ConfigureAwait(false);
                documents.Add((run, [.. rows.Select(d => d.Id)], [.. rows.Select(d => d.ShuffleKey)]));
            }

            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (entry.Pool != pool)
                {
                    return;
                }

                foreach (var (run, ids, keys) in documents)
                {
                    pool.Add(ids, keys);
                    await foreach (var label in db.Annotations.AsNoTracking().Where(a => a.ProjectId == projectId && a.ImportRunId == run && a.IsCurrent)
                        .Select(a => new { a.Id, a.DocumentId, a.Author, a.Kind }).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        pool.AddCurrent(label.Id, label.DocumentId, label.Author, label.Kind);
                    }

                    pool.Imports.Add(run);
                }

                pool.Reserve(reservations);
            }
            catch
            {
                // Half taken in: load afresh next time.
                entry.Pool = null;
                throw;
            }
            finally
            {
                entry.Gate.Release();
            }
        }
        finally
        {
            entry.Reading.Release();
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Held by the one request reading newly completed imports.</summary>
        public SemaphoreSlim Reading { get; } = new(1, 1);

        public TaskPool? Pool { get; set; }

        /// <summary>When <see cref="Pool"/> was read (kept only when pools are reloaded from time to time).</summary>
        public DateTimeOffset LoadedAt { get; set; }
    }
}
