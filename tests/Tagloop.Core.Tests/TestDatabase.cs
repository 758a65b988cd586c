using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Core.Tests;

/// <summary>A fresh SQLite database file, migrated like production, in its own temporary folder.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly AsyncServiceScope scope;

    private TestDatabase(string folder)
    {
        Folder = folder;
        services = new ServiceCollection().AddTagloopSqlite(Path.Combine(folder, SqliteStorage.DatabaseFileName)).BuildServiceProvider();
        scope = services.CreateAsyncScope();
    }

    public string Folder { get; }

    public TagloopDbContext Db => scope.ServiceProvider.GetRequiredService<TagloopDbContext>();

    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase(Directory.CreateTempSubdirectory("tagloop-core-").FullName);
        await SqliteStorage.MigrateAsync(database.Db, CancellationToken.None);
        return database;
    }

    /// <summary>A fresh context on the same database, to read what another context committed.</summary>
    public TagloopDbContext NewContext() => services.CreateScope().ServiceProvider.GetRequiredService<TagloopDbContext>();

    public async Task<Project> CreateProjectAsync(bool multiLabel = false, params string[] labels)
    {
        var outcome = await ProjectCreation.CreateAsync(
            Db,
            new NewProject("Test " + Guid.NewGuid().ToString("N")[..8], "classification", multiLabel, [.. (labels.Length == 0 ? ["spam", "ham"] : labels).Select(l => new NewLabel(l))], null),
            TimeProvider.System,
            CancellationToken.None);
        return outcome.Value!;
    }

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
