using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Tagloop.Core;
using Tagloop.Core.Common;

namespace Tagloop.Storage.Postgres;

/// <summary>Registers Tagloop's PostgreSQL storage: a server named by a connection string, for teams and several nodes.</summary>
public static class PostgresStorage
{
    /// <summary>Whether <paramref name="database"/> names a PostgreSQL server: a <c>Host=…</c> connection string or a <c>postgres://</c> address.</summary>
    public static bool IsPostgres(string? database) =>
        !string.IsNullOrWhiteSpace(database)
        && (database.Contains("Host=", StringComparison.OrdinalIgnoreCase) || database.Contains("Server=", StringComparison.OrdinalIgnoreCase)
            || database.TrimStart().StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || database.TrimStart().StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The Npgsql connection string for a <c>Host=…</c> string (as given) or a <c>postgres://user:password@host:port/database</c> address.</summary>
    public static string ConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        var trimmed = database.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal))
        {
            return new NpgsqlConnectionStringBuilder(trimmed).ConnectionString;
        }

        var uri = new Uri(trimmed);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var name = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (name.Length > 0)
        {
            builder.Database = name;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }

        return builder.ConnectionString;
    }

    /// <summary>The connection string with its password left out, to show to a user.</summary>
    public static string Describe(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString(database)) { Password = null };
        return $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
    }

    public static IServiceCollection AddTagloopPostgres(this IServiceCollection services, string connectionString) =>
        services.AddTagloopPostgres(_ => connectionString);

    /// <summary>
    /// Registers storage with a connection string decided when the first context is made (after all configuration is
    /// in). Interceptors registered as <see cref="IInterceptor"/> services join the storage's own.
    /// </summary>
    public static IServiceCollection AddTagloopPostgres(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        services.AddDbContext<TagloopDbContext, PostgresTagloopDbContext>((provider, o) => Configure(o, provider, connectionString(provider)));
        services.TryAddSingleton<IStorageFaults>(new PostgresStorageFaults());
        return services;
    }

    /// <summary>
    /// Points a context's options at the server. No <see cref="WriteTurns"/>: PostgreSQL locks rows, not the whole
    /// database, so an import's batches do not keep other writers waiting.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder options, IServiceProvider provider, string database)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);

        // Statements run again and again (an import's inserts, the queue's reads) are prepared on the server once, unless
        // the connection string says otherwise: an import of many rows takes half the time.
        var connection = new NpgsqlConnectionStringBuilder(ConnectionString(database));
        if (!database.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            connection.MaxAutoPrepare = 64;
        }

        options.UseNpgsql(connection.ConnectionString)
            .AddInterceptors(provider.GetServices<IInterceptor>());
    }

    /// <summary>
    /// Moves each identity column's sequence past the largest id in its table, after rows were inserted with ids of
    /// their own (a copy from another database): PostgreSQL's sequences, unlike SQLite's, do not follow such inserts.
    /// </summary>
    public static async Task ResetIdentitiesAsync(TagloopDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var key = entity.FindPrimaryKey();
            if (entity.GetTableName() is not { } table || key is not { Properties: [{ ValueGenerated: Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd } id] }
                || (id.ClrType != typeof(int) && id.ClrType != typeof(long)))
            {
                continue;
            }

            var column = id.GetColumnName(Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema()))!;
            var quoted = $"\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            var quotedColumn = $"\"{column.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

            // setval(…, 1, false) when the table is empty: the next id is 1 again.
            var sql = $"SELECT setval(pg_get_serial_sequence('{quoted.Replace("'", "''", StringComparison.Ordinal)}', '{column.Replace("'", "''", StringComparison.Ordinal)}'), "
                + $"COALESCE((SELECT MAX({quotedColumn}) FROM {quoted}), 1), (SELECT COUNT(*) > 0 FROM {quoted}))";
#pragma warning disable EF1002 // names come from the model, not from a user
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
        }
    }

    /// <summary>Creates the database if the user may and it is missing, and creates or upgrades its schema.</summary>
    public static async Task MigrateAsync(TagloopDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }
}
