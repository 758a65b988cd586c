using Npgsql;

namespace Tagloop.Storage.Postgres;

/// <summary>
/// Who may use a PostgreSQL database at once. Servers take the lock shared, so several run on one database (leases are
/// held in it: <see cref="PostgresTaskLeases"/>); a command that rewrites many rows behind the servers' backs (editing
/// labels, deleting documents or projects from the command line) takes it exclusive, so it runs only while no server
/// does, and no server starts while it runs: a server keeps each project's queue and model in memory and hears only of
/// changes made through a server. A session advisory lock, held on a connection of its own for as long as its holder
/// runs; PostgreSQL lets it go when that connection ends, however the process ends.
/// </summary>
public sealed class PostgresServerLock : IAsyncDisposable
{
    // "tagloop" in ASCII: advisory locks share one key space per database, and no other user of it is likely to pick this.
    private const long Key = 0x7461676C6F6F70;

    private readonly NpgsqlConnection connection;

    private PostgresServerLock(NpgsqlConnection connection) => this.connection = connection;

    /// <summary>
    /// The lock, or null when another holds it in a mode that excludes this one: <paramref name="shared"/> (a server)
    /// waits for no other server, only for an exclusive holder; exclusive (an offline command) for anyone. The database must exist.
    /// </summary>
    public static async Task<PostgresServerLock?> TryAcquireAsync(string database, bool shared, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresStorage.ConnectionString(database)) { Pooling = false, KeepAlive = 30 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(shared ? "SELECT pg_try_advisory_lock_shared(@key)" : "SELECT pg_try_advisory_lock(@key)", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("key", Key);
                if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                {
                    return new PostgresServerLock(connection);
                }
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
