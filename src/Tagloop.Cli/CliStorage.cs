using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Projects;
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

    /// <summary>The project of that name (as typed, then whatever the case), or null.</summary>
    public async Task<Project?> ProjectAsync(string name, CancellationToken cancellationToken) =>
        await Db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Name == name, cancellationToken).ConfigureAwait(false)
        ?? (await Db.Projects.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync().ConfigureAwait(false);
        await services.DisposeAsync().ConfigureAwait(false);
    }
}
