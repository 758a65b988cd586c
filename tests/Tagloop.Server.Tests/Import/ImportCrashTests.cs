using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Server.Tests.Import;

/// <summary>A real <c>tagloop import</c> killed with SIGKILL half-way: nothing of it is ever seen, and the next server start removes it.</summary>
public sealed class ImportCrashTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("tagloop-import-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task What_an_import_killed_half_way_wrote_stays_hidden_and_a_restart_removes_it()
    {
        await using var services = new ServiceCollection().AddTagloopSqlite(Path.Combine(dataDir, SqliteStorage.DatabaseFileName)).BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            await SqliteStorage.MigrateAsync(db, CancellationToken.None);
            await ProjectCreation.CreateAsync(db, new NewProject("Crash", "classification", false, [new NewLabel("spam"), new NewLabel("ham")], null), TimeProvider.System, CancellationToken.None);
        }

        var file = Path.Combine(dataDir, "big.jsonl");
        await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
        {
            for (var i = 0; i < 300_000; i++)
            {
                await writer.WriteAsync($"{{\"text\": \"message {i} about the quarterly figures\", \"label\": \"{(i % 2 == 0 ? "spam" : "ham")}\"}}\n");
            }
        }

        using (var import = ServeProcess.Start("import", "--project", "Crash", file, "--data-dir", dataDir))
        {
            _ = import.StandardOutput.ReadToEndAsync();
            _ = import.StandardError.ReadToEndAsync();
            for (var attempt = 0; await CountAsync(services, hidden: true) == 0; attempt++)
            {
                Assert.False(import.HasExited, "the import finished before it could be killed");
                Assert.True(attempt < 1200, "the import wrote nothing within a minute");
                await Task.Delay(50);
            }

            import.Kill(entireProcessTree: true);
            await import.WaitForExitAsync();
        }

        Assert.True(await CountAsync(services, hidden: true) > 0);
        Assert.Equal(0, await CountAsync(services, hidden: false));

        var port = ServeProcess.FreePort();
        using var server = await ServeProcess.StartAsync(dataDir, port);
        try
        {
            // The clean-up deletes the documents batch by batch and the run's row last: wait for that row to go.
            for (var attempt = 0; await RunsAsync(services) > 0; attempt++)
            {
                Assert.True(attempt < 1200, "the server did not remove the import within a minute");
                await Task.Delay(50);
            }

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            Assert.Equal(0, await CountAsync(services, hidden: true));
            Assert.Equal(0, await db.Annotations.IgnoreQueryFilters().CountAsync());
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Contains("\"total\":0", await client.GetStringAsync("/api/v1/projects/1/stats"), StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task<int> RunsAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TagloopDbContext>().ImportRuns.CountAsync();
    }

    private static async Task<int> CountAsync(ServiceProvider services, bool hidden)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        return hidden ? await db.Documents.IgnoreQueryFilters().CountAsync() : await db.Documents.CountAsync();
    }
}
