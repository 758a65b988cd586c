using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Projects;
using Tagloop.Server.Hosting;

namespace Tagloop.Cli;

/// <summary>
/// Opens Tagloop's database for a command that runs without the server: the data folder's SQLite file, or the database
/// TAGLOOP_DATABASE (or the command's --database) names, such as a PostgreSQL server.
/// </summary>
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

    public static Task<CliStorage> OpenAsync(string dataDir, CancellationToken cancellationToken) =>
        OpenAsync(StorageChoice.For(CommonOptions.DefaultDatabase, dataDir), cancellationToken);

    /// <summary>Opens the database <paramref name="choice"/> names, creating or upgrading it first.</summary>
    public static async Task<CliStorage> OpenAsync(StorageChoice choice, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection().AddTagloopStorage(_ => choice).BuildServiceProvider();
        var storage = new CliStorage(services);
        try
        {
            await StorageServices.MigrateAsync(storage.Db, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }

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
