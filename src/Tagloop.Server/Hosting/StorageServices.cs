using Microsoft.Extensions.DependencyInjection.Extensions;
using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Storage.Postgres;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Server.Hosting;

/// <summary>Registers the storage a <see cref="StorageChoice"/> names, and brings its schema up to date.</summary>
public static class StorageServices
{
    /// <summary>
    /// Registers both providers' contexts and hands out the chosen one as <see cref="TagloopDbContext"/>: the choice is
    /// made when the first context is, after all configuration is in (test hosts set theirs after the app is built).
    /// </summary>
    public static IServiceCollection AddTagloopStorage(this IServiceCollection services, Func<IServiceProvider, StorageChoice> choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        services.TryAddSingleton(provider => new WriteTurns(provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddDbContext<SqliteTagloopDbContext>((provider, o) => SqliteStorage.Configure(o, provider, choice(provider).Target));
        services.AddDbContext<PostgresTagloopDbContext>((provider, o) => PostgresStorage.Configure(o, provider, choice(provider).Target));
        services.AddScoped<TagloopDbContext>(provider => choice(provider).IsPostgres
            ? provider.GetRequiredService<PostgresTagloopDbContext>()
            : provider.GetRequiredService<SqliteTagloopDbContext>());
        services.TryAddSingleton<IStorageFaults>(provider => choice(provider) is { IsPostgres: false } sqlite
            ? new SqliteStorageFaults(sqlite.Target)
            : new PostgresStorageFaults());
        return services;
    }

    /// <summary>Creates or upgrades the database with the migrations of its own provider.</summary>
    public static Task MigrateAsync(TagloopDbContext db, CancellationToken cancellationToken) => db is PostgresTagloopDbContext
        ? PostgresStorage.MigrateAsync(db, cancellationToken)
        : SqliteStorage.MigrateAsync(db, cancellationToken);
}
