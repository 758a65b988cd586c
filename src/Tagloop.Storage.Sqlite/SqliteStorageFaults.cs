using Microsoft.Data.Sqlite;
using Tagloop.Core.Common;

namespace Tagloop.Storage.Sqlite;

/// <summary>SQLite's own word for a full disk: SQLITE_FULL (13), also raised when the file reaches its <c>max_page_count</c>.</summary>
public sealed class SqliteStorageFaults : IStorageFaults
{
    private const int SqliteFull = 13;

    public bool IsOutOfSpace(Exception exception) => exception is SqliteException { SqliteErrorCode: SqliteFull };
}
