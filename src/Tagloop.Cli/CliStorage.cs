using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Cli;

/// <summary>Opens the data folder's database for a command that runs without the server.</summary>
internal sealed class CliStorage : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly AsyncServiceScope scope;

    private CliStorage(ServiceProvider services)
    {
        this.services = services;
        scope = services.CreateAsyncScope();
    }

    public TagloopDbContext Db => scope.ServiceProvider.GetRequiredService<TagloopDbContext>();

    public static async Task<CliStorage> OpenAsync(string dataDir, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(full);
        var services = new ServiceCollection().AddTagloopSqlite(Path.Combine(full, SqliteStorage.DatabaseFileName)).BuildServiceProvider();
        var storage = new CliStorage(services);
        await SqliteStorage.MigrateAsync(storage.Db, cancellationToken).ConfigureAwait(false);
        return storage;
    }

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync().ConfigureAwait(false);
        await services.DisposeAsync().ConfigureAwait(false);
    }
}
