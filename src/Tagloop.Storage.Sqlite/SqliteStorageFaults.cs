using Microsoft.Data.Sqlite;
using Tagloop.Core.Common;

namespace Tagloop.Storage.Sqlite;

/// <summary>
/// SQLite's words for a full disk: SQLITE_FULL (13), also raised when the file reaches its <c>max_page_count</c>;
/// and SQLITE_IOERR (10), which SQLite gives when it cannot even create its WAL index on a full disk — taken for a
/// full disk only when the database's disk really has almost no room left.
/// </summary>
public sealed class SqliteStorageFaults(string? databasePath = null) : IStorageFaults
{
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;

    public bool IsOutOfSpace(Exception exception) => exception is SqliteException e
        && (e.SqliteErrorCode == SqliteFull || (e.SqliteErrorCode == SqliteIoError && FreeSpace.IsNearlyFull(databasePath)));
}
