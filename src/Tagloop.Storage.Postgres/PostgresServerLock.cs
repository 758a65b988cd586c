using Npgsql;

namespace Tagloop.Storage.Postgres;

/// <summary>
/// One Tagloop server per PostgreSQL database, as one per data folder on SQLite: leases and each project's queue live
/// in the server's memory. A session advisory lock, held on a connection of its own for as long as the server runs;
/// PostgreSQL lets it go when that connection ends, however the process ends.
/// </summary>
public sealed class PostgresServerLock : IAsyncDisposable
{
    // "tagloop" in ASCII: advisory locks share one key space per database, and no other user of it is likely to pick this.
    private const long Key = 0x7461676C6F6F70;

    private readonly NpgsqlConnection connection;

    private PostgresServerLock(NpgsqlConnection connection) => this.connection = connection;

    /// <summary>The lock, or null when another server holds it. The database must exist.</summary>
    public static async Task<PostgresServerLock?> TryAcquireAsync(string database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresStorage.ConnectionString(database)) { Pooling = false, KeepAlive = 30 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
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
