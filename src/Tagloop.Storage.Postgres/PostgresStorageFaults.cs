using Npgsql;
using Tagloop.Core.Common;

namespace Tagloop.Storage.Postgres;

/// <summary>PostgreSQL's word for a full disk: SQLSTATE 53100 (disk_full), raised by the server whose disk it is.</summary>
public sealed class PostgresStorageFaults : IStorageFaults
{
    public bool IsOutOfSpace(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.DiskFull };
}
