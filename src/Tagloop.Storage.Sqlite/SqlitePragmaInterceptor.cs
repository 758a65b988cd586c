using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tagloop.Storage.Sqlite;

/// <summary>
/// Sets per-connection pragmas. synchronous=FULL makes every acknowledged commit durable across a crash or
/// power loss, not only a killed process; foreign keys are off by default in SQLite. journal_size_limit truncates
/// the WAL after a checkpoint, so one big import (or a spell of full disk) does not leave a huge WAL behind for good.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA busy_timeout=120000; PRAGMA cache_size=-65536; PRAGMA journal_size_limit=8388608;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
