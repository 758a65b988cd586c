using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Documents;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Storage.Postgres;
using Tagloop.Storage.Sqlite;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Kills a real <c>tagloop serve</c> process with SIGKILL while annotators are busy, and checks that every acknowledged label survives.</summary>
public class CrashRecoveryTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("tagloop-crash-").FullName;

    // On PostgreSQL: the database the killed server wrote to (null on SQLite, whose file is in the data folder).
    private readonly string? postgres;

    public CrashRecoveryTests()
    {
    }

    protected CrashRecoveryTests(TestStorage storage) =>
        postgres = storage == TestStorage.Postgres ? PostgresServer.CreateDatabase() : null;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
        if (postgres is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            PostgresServer.DropDatabase(postgres);
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Every_acknowledged_annotation_survives_a_SIGKILL_mid_session()
    {
        var projectId = await SeedAsync(300);
        var port = FreePort();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<long>();

        using (var server = await StartServerAsync(port))
        {
            using var stop = new CancellationTokenSource();
            var annotators = Enumerable.Range(0, 4).Select(i => AnnotateUntilStoppedAsync(port, projectId, $"annotator {i}", acknowledged, stop.Token)).ToList();
            while (acknowledged.Count < 60)
            {
                await Task.Delay(10);
                Assert.False(server.HasExited, "the server stopped on its own");
            }

            // SIGKILL: no shutdown hooks, no flushing; annotators still have requests in flight.
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(annotators);
        }

        using (var server = await StartServerAsync(port))
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var export = await client.GetStringAsync($"/api/v1/projects/{projectId}/export?format=jsonl");
            var exported = export.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("annotation_id").GetInt64())
                .ToHashSet();
            var lost = acknowledged.Where(id => !exported.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged annotations were lost: {string.Join(", ", lost.Take(10))}");
            Assert.True(acknowledged.Count >= 60);

            var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/stats");
            Assert.True(stats.GetProperty("labelled").GetInt32() >= acknowledged.Count);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task AnnotateUntilStoppedAsync(int port, int projectId, string annotator, System.Collections.Concurrent.ConcurrentBag<long> acknowledged, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Tagloop-Annotator", annotator);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var task = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/tasks/next", stop);
                var documentId = task.GetProperty("documentId").GetInt64();
                var response = await client.PostAsJsonAsync(
                    $"/api/v1/projects/{projectId}/annotations",
                    new { documentId, labels = new[] { documentId % 2 == 0 ? "spam" : "ham" }, secondsSpent = 1.0 },
                    stop);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var annotation = await response.Content.ReadFromJsonAsync<JsonElement>(stop);
                    acknowledged.Add(annotation.GetProperty("id").GetInt64());
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            // The server died under us: whatever was not acknowledged may be lost, and that is allowed.
        }
    }

    private async Task<int> SeedAsync(int documents)
    {
        await using var services = (postgres is null
            ? new ServiceCollection().AddTagloopSqlite(Path.Combine(dataDir, SqliteStorage.DatabaseFileName))
            : new ServiceCollection().AddTagloopPostgres(postgres)).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        await Tagloop.Server.Hosting.StorageServices.MigrateAsync(db, CancellationToken.None);
        var project = await ProjectCreation.CreateAsync(db, new NewProject("Crash", "classification", false, [new NewLabel("spam"), new NewLabel("ham")], null), TimeProvider.System, CancellationToken.None);
        var id = project.Value!.Id;
        db.Documents.AddRange(Enumerable.Range(0, documents).Select(i =>
        {
            var text = $"message number {i}";
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            return new Document { ProjectId = id, Text = text, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) };
        }));
        await db.SaveChangesAsync();
        return id;
    }

    private Task<Process> StartServerAsync(int port) =>
        postgres is null ? ServeProcess.StartAsync(dataDir, port) : ServeProcess.StartAsync(dataDir, port, "--database", postgres);

    private static int FreePort() => ServeProcess.FreePort();
}
