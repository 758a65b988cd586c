using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Storage.Postgres;
using Tagloop.Storage.Sqlite;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.Storage;

/// <summary><c>tagloop migrate</c> and <c>tagloop serve</c> given <c>--database</c> with a PostgreSQL connection string.</summary>
public sealed class PostgresCliTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("tagloop-cli-pg-").FullName;
    private readonly string database = PostgresServer.CreateDatabase();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        PostgresServer.DropDatabase(database);
        Directory.Delete(dataDir, recursive: true);
        if (Directory.Exists(dataDir + "-elsewhere"))
        {
            Directory.Delete(dataDir + "-elsewhere", recursive: true);
        }
    }

    [Fact]
    public async Task Migrate_creates_the_postgresql_schema_and_says_which_database_without_its_password()
    {
        var (exitCode, output, error) = await ServeProcess.RunAsync("migrate", "--database", database + ";Password=hunter2", "--data-dir", dataDir);

        Assert.True(exitCode == 0, error);
        Assert.Contains("PostgreSQL database 't_", output, StringComparison.Ordinal);
        Assert.Contains("is up to date", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dataDir, SqliteStorage.DatabaseFileName)));
        await using var services = new ServiceCollection().AddTagloopPostgres(database).BuildServiceProvider();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Serve_keeps_its_rows_in_the_postgresql_database_it_is_given_and_a_second_server_shares_it()
    {
        var port = ServeProcess.FreePort();
        using (var server = await ServeProcess.StartAsync(dataDir, port, "--database", database))
        {
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                var created = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Served from PostgreSQL", task = "classification", labels = new[] { new { name = "a" }, new { name = "b" } }, encoder = "tfidf" });
                created.EnsureSuccessStatusCode();

                // A second server on another data folder and the same database runs beside it and sees the same rows
                // (leases are held in the database).
                var other = Directory.CreateTempSubdirectory("tagloop-cli-pg-").FullName;
                var otherPort = ServeProcess.FreePort();
                try
                {
                    using var second = await ServeProcess.StartAsync(other, otherPort, "--database", database);
                    try
                    {
                        using var secondClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{otherPort}") };
                        Assert.Contains("Served from PostgreSQL", await secondClient.GetStringAsync("/api/v1/projects"), StringComparison.Ordinal);
                    }
                    finally
                    {
                        second.Kill(entireProcessTree: true);
                        await second.WaitForExitAsync();
                    }
                }
                finally
                {
                    Directory.Delete(other, recursive: true);
                }

                // Commands that change many rows at once are refused while any server runs (it makes them itself); reading is fine.
                var onDatabase = new Dictionary<string, string> { ["TAGLOOP_DATABASE"] = database };
                var (code, _, said) = await ServeProcess.RunAsync(onDatabase, "labels", "add", "Served from PostgreSQL", "c", "--data-dir", dataDir + "-elsewhere");
                Assert.Equal(1, code);
                Assert.StartsWith("error: a Tagloop server is using the PostgreSQL database 't_", said.Trim(), StringComparison.Ordinal);
                var (listed, names, _) = await ServeProcess.RunAsync(onDatabase, "projects", "list", "--data-dir", dataDir + "-elsewhere");
                Assert.Equal(0, listed);
                Assert.Contains("Served from PostgreSQL", names, StringComparison.Ordinal);
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }

        await using var services = new ServiceCollection().AddTagloopPostgres(database).BuildServiceProvider();
        using var scope = services.CreateScope();
        Assert.Equal(["Served from PostgreSQL"], await scope.ServiceProvider.GetRequiredService<TagloopDbContext>().Projects.Select(p => p.Name).ToListAsync());
        Assert.False(File.Exists(Path.Combine(dataDir, SqliteStorage.DatabaseFileName)));
    }

    [Fact]
    public async Task Serve_refuses_in_one_line_while_a_command_that_rewrites_many_rows_holds_the_database()
    {
        var (migrated, _, _) = await ServeProcess.RunAsync("migrate", "--data-dir", dataDir, "--database", database);
        Assert.Equal(0, migrated);

        // As a 'labels' or 'documents delete' command holds it while it works.
        await using (var offline = await PostgresServerLock.TryAcquireAsync(database, shared: false, CancellationToken.None))
        {
            Assert.NotNull(offline);
            var (exitCode, output, error) = await ServeProcess.RunAsync("serve", "--port", ServeProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir, "--database", database);
            Assert.Equal(1, exitCode);
            Assert.DoesNotContain("running at", output, StringComparison.Ordinal);
            Assert.StartsWith("error: --database: a Tagloop command that changes many rows at once", error.Trim(), StringComparison.Ordinal);

            // Servers share the lock with each other, never with such a command.
            Assert.Null(await PostgresServerLock.TryAcquireAsync(database, shared: true, CancellationToken.None));
        }

        await using var server = await PostgresServerLock.TryAcquireAsync(database, shared: true, CancellationToken.None);
        await using var another = await PostgresServerLock.TryAcquireAsync(database, shared: true, CancellationToken.None);
        Assert.NotNull(server);
        Assert.NotNull(another);
        Assert.Null(await PostgresServerLock.TryAcquireAsync(database, shared: false, CancellationToken.None));
    }
}
