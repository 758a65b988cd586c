using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Storage.Postgres;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>
/// Two real <c>tagloop serve</c> processes, each with its own data folder, on one PostgreSQL database, with twenty
/// annotators split between them: no document goes to two people, none is answered twice, and every acknowledged
/// answer is in the database, also when one server is killed with SIGKILL and its annotators move to the other.
/// </summary>
public sealed class SeveralServersOnPostgresTests : IDisposable
{
    private const int Documents = 240;

    private readonly string database = PostgresServer.CreateDatabase();
    private readonly string[] dataDirs = [.. Enumerable.Range(0, 2).Select(_ => Directory.CreateTempSubdirectory("tagloop-two-").FullName)];

    public void Dispose()
    {
        foreach (var dir in dataDirs)
        {
            Directory.Delete(dir, recursive: true);
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
        PostgresServer.DropDatabase(database);
    }

    [Fact]
    public async Task Twenty_annotators_on_two_servers_never_share_a_document_and_every_acknowledged_answer_is_kept()
    {
        var projectId = await SeedAsync();
        var ports = new[] { ServeProcess.FreePort(), ServeProcess.FreePort() };
        var servers = new List<Process>();
        try
        {
            foreach (var (dir, port) in dataDirs.Zip(ports))
            {
                servers.Add(await ServeProcess.StartAsync(dir, port, "--database", database));
            }

            var run = new Run();
            await Task.WhenAll(Enumerable.Range(0, 20).Select(a => AnnotateAsync(ports[a % 2], projectId, $"annotator {a}", run, CancellationToken.None)));
            Assert.Empty(run.Failures);
            await AssertConsistentAsync(projectId, run);
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                server.Dispose();
            }
        }
    }

    [Fact]
    public async Task When_one_of_two_servers_is_killed_its_annotators_go_on_at_the_other_and_nothing_acknowledged_is_lost()
    {
        var projectId = await SeedAsync();
        var ports = new[] { ServeProcess.FreePort(), ServeProcess.FreePort() };
        var servers = new List<Process>();
        try
        {
            foreach (var (dir, port) in dataDirs.Zip(ports))
            {
                servers.Add(await ServeProcess.StartAsync(dir, port, "--database", database));
            }

            var run = new Run();
            using var stop = new CancellationTokenSource();
            var onSecond = Enumerable.Range(0, 10).Select(a => AnnotateAsync(ports[1], projectId, $"annotator {a}", run, stop.Token, mayDie: true)).ToList();
            var onFirst = Enumerable.Range(10, 10).Select(a => AnnotateAsync(ports[0], projectId, $"annotator {a}", run, CancellationToken.None)).ToList();
            while (run.Acknowledged.Count < 60)
            {
                await Task.Delay(10);
                Assert.False(servers[1].HasExited, "the second server stopped on its own");
            }

            // SIGKILL with requests in flight: the killed server's leases stay in the database, held by the same people.
            servers[1].Kill(entireProcessTree: true);
            await servers[1].WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(onSecond);

            // They carry on at the first server under the same names: what they held is theirs there too.
            var moved = Enumerable.Range(0, 10).Select(a => AnnotateAsync(ports[0], projectId, $"annotator {a}", run, CancellationToken.None));
            await Task.WhenAll(onFirst.Concat(moved));
            await AssertConsistentAsync(projectId, run);
        }
        finally
        {
            foreach (var server in servers)
            {
                if (!server.HasExited)
                {
                    server.Kill(entireProcessTree: true);
                    await server.WaitForExitAsync();
                }

                server.Dispose();
            }
        }
    }

    /// <summary>Asks for the next document and answers it until nothing is left (204) or the server dies under it.</summary>
    private static async Task AnnotateAsync(int port, int projectId, string annotator, Run run, CancellationToken stop, bool mayDie = false)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Tagloop-Annotator", annotator);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var next = await client.GetAsync($"/api/v1/projects/{projectId}/tasks/next", stop);
                if (next.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }

                if (!next.IsSuccessStatusCode)
                {
                    run.Failures.Add($"{annotator}: tasks/next answered {(int)next.StatusCode}: {await next.Content.ReadAsStringAsync(stop)}");
                    return;
                }

                var documentId = (await next.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("documentId").GetInt64();
                run.Served.Add((annotator, documentId));
                var response = await client.PostAsJsonAsync(
                    $"/api/v1/projects/{projectId}/annotations",
                    new { documentId, labels = new[] { documentId % 2 == 0 ? "spam" : "ham" }, secondsSpent = 1.0 },
                    stop);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    run.Failures.Add($"{annotator}: answering {documentId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(stop)}");
                    return;
                }

                run.Acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("id").GetInt64());
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            // On a server killed under us, what was not acknowledged may be lost, and that is allowed; elsewhere it is a failure.
            if (!mayDie)
            {
                run.Failures.Add($"{annotator}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private async Task AssertConsistentAsync(int projectId, Run run)
    {
        Assert.Empty(run.Failures);

        // No document went to two people (the same person may be handed again what they held when their server died).
        var sharers = run.Served.GroupBy(s => s.Document).Where(g => g.Select(s => s.Annotator).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.True(sharers.Count == 0, $"{sharers.Count} document(s) went to two people: {string.Join(", ", sharers.Take(10))}");

        await using var services = new ServiceCollection().AddTagloopPostgres(database).BuildServiceProvider();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var answers = await db.Annotations.AsNoTracking().Where(a => a.ProjectId == projectId && a.Kind == AnnotationKind.Answer)
            .Select(a => new { a.Id, a.DocumentId }).ToListAsync();
        var twice = answers.GroupBy(a => a.DocumentId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} document(s) answered twice: {string.Join(", ", twice.Take(10))}");

        var kept = answers.Select(a => a.Id).ToHashSet();
        var lost = run.Acknowledged.Where(id => !kept.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {run.Acknowledged.Count} acknowledged answers were lost: {string.Join(", ", lost.Take(10))}");

        // Nothing is left unanswered: leases of the killed server were taken up again by their holders.
        Assert.Equal(Documents, answers.Count);
    }

    private async Task<int> SeedAsync()
    {
        await using var services = new ServiceCollection().AddTagloopPostgres(database).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        await PostgresStorage.MigrateAsync(db, CancellationToken.None);
        var project = await ProjectCreation.CreateAsync(db, new NewProject("Two servers", "classification", false, [new NewLabel("spam"), new NewLabel("ham")], null), TimeProvider.System, CancellationToken.None);
        var id = project.Value!.Id;
        db.Documents.AddRange(Enumerable.Range(0, Documents).Select(i =>
        {
            var text = $"message number {i}";
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            return new Document { ProjectId = id, Text = text, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) };
        }));
        await db.SaveChangesAsync();
        return id;
    }

    private sealed class Run
    {
        public ConcurrentBag<(string Annotator, long Document)> Served { get; } = [];

        public ConcurrentBag<long> Acknowledged { get; } = [];

        public ConcurrentBag<string> Failures { get; } = [];
    }
}
