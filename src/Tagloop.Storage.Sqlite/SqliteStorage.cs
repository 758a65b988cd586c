using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tagloop.Core;
using Tagloop.Core.Common;

namespace Tagloop.Storage.Sqlite;

/// <summary>Registers Tagloop's SQLite storage: one database file, WAL journal, foreign keys on.</summary>
public static class SqliteStorage
{
    public const string DatabaseFileName = "tagloop.db";

    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static IServiceCollection AddTagloopSqlite(this IServiceCollection services, string databasePath) =>
        services.AddTagloopSqlite(_ => databasePath);

    /// <summary>
    /// Registers storage with a database path decided when the first context is made (after all configuration is in).
    /// Interceptors registered as <see cref="IInterceptor"/> services join the storage's own.
    /// </summary>
    public static IServiceCollection AddTagloopSqlite(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        // One write lock per database: an import hands it to waiting writers (WriteTurns sees them on every context).
        services.TryAddSingleton(provider => new WriteTurns(provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddDbContext<TagloopDbContext, SqliteTagloopDbContext>((provider, o) => Configure(o, provider, databasePath(provider)));
        services.TryAddSingleton<IStorageFaults>(provider => new SqliteStorageFaults(databasePath(provider)));
        return services;
    }

    /// <summary>Points a context's options at the file, with the pragmas and the write turns (registered as a singleton) of every connection.</summary>
    public static void Configure(DbContextOptionsBuilder options, IServiceProvider provider, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);
        options.UseSqlite(ConnectionString(databasePath))
            .AddInterceptors([new SqlitePragmaInterceptor(), provider.GetRequiredService<WriteTurns>(), .. provider.GetServices<IInterceptor>()]);
    }

    /// <summary>Creates or upgrades the database and switches it to WAL (a property of the file, kept across opens).</summary>
    public static async Task MigrateAsync(TagloopDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
    }
}
