using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Storage.Postgres;
using Tagloop.Storage.Sqlite;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests;

/// <summary>
/// A fresh database, migrated like production: a SQLite file in its own temporary folder, or a database of its own on
/// the tests' PostgreSQL server (<see cref="PostgresServer"/>). The folder is there either way, for files beside the database.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly AsyncServiceScope scope;
    private readonly string? postgres;

    private TestDatabase(string folder, string? postgres)
    {
        Folder = folder;
        this.postgres = postgres;
        var collection = new ServiceCollection();
        services = (postgres is null
            ? collection.AddTagloopSqlite(Path.Combine(folder, SqliteStorage.DatabaseFileName))
            : collection.AddTagloopPostgres(postgres)).BuildServiceProvider();
        scope = services.CreateAsyncScope();
    }

    public string Folder { get; }

    public TestStorage Storage => postgres is null ? TestStorage.Sqlite : TestStorage.Postgres;

    /// <summary>The PostgreSQL connection string, or null on SQLite.</summary>
    public string? ConnectionString => postgres;

    public TagloopDbContext Db => scope.ServiceProvider.GetRequiredService<TagloopDbContext>();

    public static async Task<TestDatabase> CreateAsync(TestStorage storage = TestStorage.Sqlite)
    {
        var database = new TestDatabase(Directory.CreateTempSubdirectory("tagloop-core-").FullName, storage == TestStorage.Postgres ? PostgresServer.CreateDatabase() : null);
        if (storage == TestStorage.Postgres)
        {
            await PostgresStorage.MigrateAsync(database.Db, CancellationToken.None);
        }
        else
        {
            await SqliteStorage.MigrateAsync(database.Db, CancellationToken.None);
        }

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
        if (postgres is null)
        {
            SqliteConnection.ClearAllPools();
        }
        else
        {
            PostgresServer.DropDatabase(postgres);
        }

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
