using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tagloop.Server.Tests.Storage;

/// <summary>
/// Makes the database file unable to grow, as a full disk does: SQLite's <c>max_page_count</c>, set on every
/// connection the server opens while <see cref="Full"/> is on, makes any write that needs a new page fail with
/// SQLITE_FULL — SQLite's own error for a full disk, raised by SQLite itself, not by the test.
/// </summary>
public sealed class SqlitePageLimit : DbConnectionInterceptor
{
    public volatile bool Full;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count;";
        var pages = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        command.CommandText = $"PRAGMA max_page_count = {(Full ? pages : 1_073_741_823)};";
        command.ExecuteNonQuery();
    }
}
