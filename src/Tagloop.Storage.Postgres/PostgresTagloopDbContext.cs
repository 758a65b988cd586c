using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tagloop.Core;

namespace Tagloop.Storage.Postgres;

/// <summary>
/// Tagloop's model on PostgreSQL, with SQLite's semantics: text compares, sorts and is unique byte by byte (collation
/// "C", as SQLite's BINARY), so a name that is unique on one is unique on the other; times are <c>timestamptz</c> in
/// UTC (which Npgsql requires) cut to whole milliseconds, as SQLite keeps them, so a copy between the two is lossless.
/// </summary>
public sealed class PostgresTagloopDbContext(DbContextOptions<PostgresTagloopDbContext> options) : TagloopDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcMillisecondsConverter>();
        configurationBuilder.Properties<string>().HaveAnnotation(RelationalAnnotationNames.Collation, "C");
    }

    private sealed class UtcMillisecondsConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => new DateTimeOffset(v.UtcTicks - (v.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
        v => v.ToUniversalTime());
}
