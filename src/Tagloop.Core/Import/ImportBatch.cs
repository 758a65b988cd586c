using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tagloop.Core.Common;

namespace Tagloop.Core.Import;

/// <summary>
/// The import's current write transaction. It is committed as soon as another writer (an answer, a training run) waits
/// for the database's write lock — one writer at a time, in SQLite — and the import lets that writer through before it
/// writes on; otherwise after <see cref="MaxAge"/>, for writers it cannot see (another process). Batches stay large
/// while nobody else writes, which keeps the import fast: each commit rewrites every index page its rows touched. What
/// it commits stays hidden until the run completes.
/// </summary>
internal sealed class ImportBatch(TagloopDbContext db, DocumentWriter writer, TimeProvider time, WriteTurns? turns) : IAsyncDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxYield = TimeSpan.FromMilliseconds(250);

    private IDbContextTransaction? transaction;
    private long startedAt;
    private long othersBegan;

    public bool IsOpen => transaction is not null;

    /// <summary>Opens a transaction for the next rows unless one is open.</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            return;
        }

        transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        writer.Enlist(transaction.GetDbTransaction());
        startedAt = time.GetTimestamp();
        othersBegan = turns?.Began ?? 0;
    }

    /// <summary>After a written document: commits when another writer waits (and lets it finish first), or when the batch is due.</summary>
    public async Task WroteAsync(CancellationToken cancellationToken)
    {
        if (turns is not null && turns.Began != othersBegan)
        {
            await CommitAsync(cancellationToken).ConfigureAwait(false);
            await turns.WaitForOthersAsync(MaxYield, cancellationToken).ConfigureAwait(false);
        }
        else if (time.GetElapsedTime(startedAt) >= MaxAge)
        {
            await CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (transaction is null)
        {
            return;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await transaction.DisposeAsync().ConfigureAwait(false);
        transaction = null;
    }

    /// <summary>Rolls back a batch left open (the import failed).</summary>
    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            transaction = null;
        }
    }
}
