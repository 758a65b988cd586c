using Npgsql;
using NpgsqlTypes;
using Tagloop.Core.Tasks;

namespace Tagloop.Storage.Postgres;

/// <summary>
/// Leases held in the PostgreSQL database (the <c>TaskLeases</c> table, <see cref="TaskLease"/>), so that several
/// Tagloop servers on one database never hand the same slot to two people. Taking a lease runs in one short transaction
/// under a transaction-scoped advisory lock on the project: the leases of one project are taken one at a time across
/// every server, so counting a document's holders and adding one cannot interleave; holding, releasing and other
/// projects' leases do not wait for it. The key (project, annotator) keeps one lease per annotator and project.
/// Expiry is by the injected clock: servers sharing a database must keep their clocks in step (NTP), as a lease's end
/// is written by one server's clock and read by another's.
/// </summary>
public sealed class PostgresTaskLeases : ITaskLeases, IAsyncDisposable
{
    // The advisory lock's first key, with the project's id as the second: two 32-bit keys live apart from the 64-bit
    // key of PostgresServerLock. "TL" in ASCII.
    private const int LockClass = 0x544C;

    // Candidates are read from the queue (lazily, best first) in growing batches, each checked against the table in one query.
    private const int FirstBatch = 16;
    private const int LargestBatch = 4096;

    private readonly NpgsqlDataSource source;
    private readonly TimeProvider time;

    /// <param name="database">A <c>Host=…</c> connection string or a <c>postgres://</c> address.</param>
    /// <param name="time">The clock leases start and run out by.</param>
    public PostgresTaskLeases(string database, TimeProvider time)
    {
        source = NpgsqlDataSource.Create(PostgresStorage.ConnectionString(database));
        this.time = time;
    }

    public bool Shared => true;

    public async ValueTask<long?> HeldAsync(int projectId, string annotator, CancellationToken cancellationToken)
    {
        var command = source.CreateCommand("""
            SELECT "DocumentId" FROM "TaskLeases" WHERE "ProjectId" = @project AND "Annotator" = @annotator AND "ExpiresAt" > @now
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("project", projectId);
            command.Parameters.AddWithValue("annotator", annotator);
            command.Parameters.AddWithValue("now", time.GetUtcNow());
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long held ? held : null;
        }
    }

    public async ValueTask<long?> LeaseFirstFreeAsync(int projectId, string annotator, IEnumerable<long> candidates, Func<long, int> slots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(slots);
        var now = time.GetUtcNow();
        var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var locking = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, @project)", connection, transaction))
                {
                    locking.Parameters.AddWithValue("class", LockClass);
                    locking.Parameters.AddWithValue("project", projectId);
                    await locking.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var next = candidates.GetEnumerator();
                var batch = new List<long>(FirstBatch);
                for (var size = FirstBatch; ; size = Math.Min(size * 4, LargestBatch))
                {
                    batch.Clear();
                    while (batch.Count < size && next.MoveNext())
                    {
                        batch.Add(next.Current);
                    }

                    if (batch.Count == 0)
                    {
                        break;
                    }

                    var holders = await OthersHoldingAsync(connection, transaction, projectId, annotator, batch, now, cancellationToken).ConfigureAwait(false);
                    foreach (var candidate in batch)
                    {
                        if (holders.GetValueOrDefault(candidate) >= Math.Max(1, slots(candidate))
                            || !await TakeAsync(connection, transaction, projectId, annotator, candidate, now, cancellationToken).ConfigureAwait(false))
                        {
                            continue;
                        }

                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return candidate;
                    }
                }

                // Every candidate is full: the annotator keeps what they held.
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }
        }
    }

    public async ValueTask ReleaseAsync(int projectId, string annotator, long documentId, CancellationToken cancellationToken)
    {
        var command = source.CreateCommand("""
            DELETE FROM "TaskLeases" WHERE "ProjectId" = @project AND "Annotator" = @annotator AND "DocumentId" = @document
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("project", projectId);
            command.Parameters.AddWithValue("annotator", annotator);
            command.Parameters.AddWithValue("document", documentId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Leases not yet run out, over all projects (for tests and diagnostics).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var command = source.CreateCommand("""SELECT count(*)::int FROM "TaskLeases" WHERE "ExpiresAt" > @now""");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("now", time.GetUtcNow());
            return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();

    /// <summary>How many other people hold each of <paramref name="documents"/> now (documents nobody holds are absent).</summary>
    private static async Task<Dictionary<long, int>> OthersHoldingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int projectId, string annotator, List<long> documents, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var holders = new Dictionary<long, int>();
        await using var command = new NpgsqlCommand("""
            SELECT "DocumentId", count(*)::int FROM "TaskLeases"
            WHERE "ProjectId" = @project AND "DocumentId" = ANY(@documents) AND "ExpiresAt" > @now AND "Annotator" <> @annotator
            GROUP BY "DocumentId"
            """, connection, transaction);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.Add(new NpgsqlParameter("documents", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = documents.ToArray() });
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("annotator", annotator);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            holders[reader.GetInt64(0)] = reader.GetInt32(1);
        }

        return holders;
    }

    /// <summary>
    /// Makes the annotator's one lease in the project this document's, replacing what they held; false when the document
    /// is gone (deleted, on this server or another, since the queue named it).
    /// </summary>
    private static async Task<bool> TakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int projectId, string annotator, long documentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The document's row is locked (KEY SHARE, as the foreign key's own check would) so that a deletion cannot slip
        // between the check and the insert.
        await using var command = new NpgsqlCommand("""
            INSERT INTO "TaskLeases" ("ProjectId", "Annotator", "DocumentId", "ExpiresAt")
            SELECT @project, @annotator, d."Id", @expires FROM "Documents" d WHERE d."Id" = @document AND d."ProjectId" = @project FOR KEY SHARE
            ON CONFLICT ("ProjectId", "Annotator") DO UPDATE SET "DocumentId" = EXCLUDED."DocumentId", "ExpiresAt" = EXCLUDED."ExpiresAt"
            """, connection, transaction);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.AddWithValue("annotator", annotator);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("expires", now + TaskQueue.LeaseDuration);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
