using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tagloop.Core;

namespace Tagloop.Storage.Sqlite;

/// <summary>Tagloop's model on SQLite: times stored as Unix milliseconds so they sort and compare in SQL.</summary>
public sealed class SqliteTagloopDbContext(DbContextOptions<SqliteTagloopDbContext> options) : TagloopDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
