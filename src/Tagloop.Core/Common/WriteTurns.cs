using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tagloop.Core.Common;

/// <summary>
/// Lets a long writer hand the database over to writers that wait for it. SQLite has a single write lock, and an
/// import commits in batches: small batches let answers in quickly but rewrite the same index pages over and over,
/// large ones are fast but keep answers waiting. Registered by storage as an interceptor on every context, this sees
/// each write transaction (and each write statement outside one) begin and end; an import, its own connection left
/// out, keeps writing while nobody else wants to and commits as soon as somebody does, then lets them finish first.
/// </summary>
public sealed class WriteTurns(TimeProvider time) : IDbTransactionInterceptor, IDbCommandInterceptor
{
    // A writer that never reported its end (a transaction disposed without commit or rollback) stops counting after this.
    private static readonly TimeSpan Forgotten = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(1);

    private readonly ConcurrentDictionary<object, long> writing = new();
    private readonly ConcurrentDictionary<DbConnection, byte> leftOut = new();
    private long began;

    /// <summary>How many writers have begun so far: a writer began since a reading when this has moved on.</summary>
    public long Began => Interlocked.Read(ref began);

    /// <summary>Leaves a long writer's own connection out, until disposed.</summary>
    public IDisposable LeaveOut(DbConnection connection)
    {
        leftOut[connection] = 0;
        return new Inclusion(this, connection);
    }

    /// <summary>Returns once no other writer is in the middle of writing, or after <paramref name="limit"/>.</summary>
    public async Task WaitForOthersAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (AnyWriting() && time.GetElapsedTime(start) < limit)
        {
            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Begin(connection, eventData.TransactionId);
        return result;
    }

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Begin(connection, eventData.TransactionId);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => Ended(eventData);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => Ended(eventData);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => End(eventData);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) => Ended(eventData);

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        BeginStatement(command);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BeginStatement(command);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        writing.TryRemove(command, out _);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        writing.TryRemove(command, out _);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        BeginStatement(command);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        BeginStatement(command);
        return ValueTask.FromResult(result);
    }

    // A statement such as INSERT … RETURNING holds the lock until its reader is done with.
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        writing.TryRemove(command, out _);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => writing.TryRemove(command, out _);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        writing.TryRemove(command, out _);
        return Task.CompletedTask;
    }

    private void Begin(DbConnection connection, Guid transactionId)
    {
        if (!leftOut.ContainsKey(connection))
        {
            writing[transactionId] = time.GetTimestamp();
            Interlocked.Increment(ref began);
        }
    }

    private void End(TransactionEventData eventData) => writing.TryRemove(eventData.TransactionId, out _);

    private Task Ended(TransactionEventData eventData)
    {
        End(eventData);
        return Task.CompletedTask;
    }

    /// <summary>Write statements run outside a transaction (a single-row save, a bulk update or delete).</summary>
    private void BeginStatement(DbCommand command)
    {
        if (command.Transaction is null && command.Connection is { } connection && !leftOut.ContainsKey(connection) && IsWrite(command.CommandText))
        {
            writing[command] = time.GetTimestamp();
            Interlocked.Increment(ref began);
        }
    }

    private static bool IsWrite(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }

    private bool AnyWriting()
    {
        foreach (var (key, since) in writing)
        {
            if (time.GetElapsedTime(since) < Forgotten)
            {
                return true;
            }

            writing.TryRemove(key, out _);
        }

        return false;
    }

    private sealed class Inclusion(WriteTurns turns, DbConnection connection) : IDisposable
    {
        public void Dispose() => turns.leftOut.TryRemove(connection, out _);
    }
}
