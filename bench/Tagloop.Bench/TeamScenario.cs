using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Server.Hosting;

namespace Tagloop.Bench;

/// <summary>
/// One storage's share of the team benchmark: the real server (Kestrel on loopback, in this process) on SQLite or
/// PostgreSQL; a project per workload (no overlap, then overlap on) with the same corpus imported over HTTP, 200 answers
/// by a first annotator and its first model out; then the team's load while the model retrains behind it. After the
/// server has stopped, the checks read the database afresh: who was served what, and every acknowledged answer.
/// </summary>
internal static class TeamScenario
{
    public static readonly string[] Labels = ["World", "Sports", "Business", "Sci/Tech"];

    /// <summary>The workloads, each on a project of its own: no overlap, and a share answered by several people.</summary>
    public static readonly TeamWorkload[] Workloads = [new("no overlap", 0, 2), new("overlap: 20% of documents × 3 people", 0.2, 3)];

    public static async Task<List<TeamResult>> RunAsync(string storage, string dataDir, string? database, IReadOnlyList<string> corpus, int annotators, int tasksEach)
    {
        var app = TagloopServer.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tagloop:DataDir"] = dataDir,
            ["Tagloop:Database"] = database,
            ["Tagloop:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        var measured = new List<(TeamWorkload Workload, int Project, double ImportSeconds, TeamFigures Figures, List<(string, long, bool)> Seeded, int Trainings)>();
        try
        {
            var address = new Uri(app.Urls.First());
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
            foreach (var workload in Workloads)
            {
                var project = await CreateProjectAsync(http, $"Team {storage} {workload.Name}", workload);
                var clock = Stopwatch.StartNew();
                await ImportAsync(http, project, corpus);
                var importSeconds = clock.Elapsed.TotalSeconds;
                var seeded = await SeedAsync(address, project, 200);
                var before = await FirstModelAsync(http, project);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{storage}, {workload.Name}: {corpus.Count:N0} documents imported in {importSeconds:0.0} s, model v{before} after 200 answers"));
                var figures = await TeamLoad.RunAsync(address, project, Labels, annotators, tasksEach, seed: 100);
                var after = await ModelVersionAsync(http, project);
                measured.Add((workload, project, importSeconds, figures, seeded, after - before));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{storage}, {workload.Name}: {figures.Answers.Count} answers in {figures.Seconds:0.0} s, tasks/next p95 {Percentile(figures.Next, 0.95):0.0} ms, answers p95 {Percentile(figures.Answers, 0.95):0.0} ms, {after - before} models published"));
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        // The checks, from the database as the stopped server left it.
        await using var services = new ServiceCollection().AddTagloopStorage(_ => StorageChoice.For(database, dataDir)).BuildServiceProvider();
        var results = new List<TeamResult>();
        foreach (var (workload, project, importSeconds, figures, seeded, trainings) in measured)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            var names = await db.Labels.Where(l => l.ProjectId == project).ToDictionaryAsync(l => l.Id, l => l.Name);
            var stored = (await db.Annotations.AsNoTracking()
                    .Where(a => a.ProjectId == project && a.IsCurrent && a.Kind == AnnotationKind.Answer && a.Source == AnnotationSources.Human)
                    .Select(a => new { a.DocumentId, a.Author, Labels = a.Labels.Select(l => l.LabelId).ToList() })
                    .ToListAsync())
                .Select(a => (a.Author, a.DocumentId, Label: a.Labels.Count == 1 ? names[a.Labels[0]] : "?"))
                .ToHashSet();
            var missing = figures.Acknowledged.Count(a => !stored.Contains(a));

            // Who was served each document, the first annotator's 200 included.
            var served = figures.Served.Concat(seeded).ToList();
            var servedTwiceToOne = served.GroupBy(s => (s.Item1, s.Item2)).Count(g => g.Count() > 1);
            var byDocument = served.GroupBy(s => s.Item2).ToList();
            var overServed = byDocument.Count(g => g.Select(s => s.Item1).Distinct().Count() > (g.Any(s => s.Item3) ? workload.Answers : 1));
            var shared = byDocument.Count(g => g.Select(s => s.Item1).Distinct().Count() > 1);
            results.Add(new TeamResult(storage, workload, importSeconds, figures, trainings, overServed, servedTwiceToOne, shared, missing, stored.Count));
            Console.WriteLine($"{storage}, {workload.Name}: over-served {overServed}, served twice to one annotator {servedTwiceToOne}, shared {shared}, acknowledged {figures.Acknowledged.Count}, missing {missing}");
        }

        return results;
    }

    public static double Percentile(IReadOnlyList<double> values, double q) => AnnotatorLoad.Percentile([.. values.Order()], q);

    private static async Task<int> CreateProjectAsync(HttpClient http, string name, TeamWorkload workload)
    {
        // TF-IDF features: the default sentence model would spend both cores embedding the corpus for minutes first.
        using var created = await http.PostAsJsonAsync("/api/v1/projects", new
        {
            name,
            task = "classification",
            multiLabel = false,
            labels = Labels.Select(l => new { name = l }),
            encoder = "tfidf",
        });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST projects answered {(int)created.StatusCode}: {body}");
        }

        var project = body.GetProperty("id").GetInt32();
        if (workload.Share > 0)
        {
            using var patched = await http.PatchAsJsonAsync($"/api/v1/projects/{project}/settings", new { overlapShare = workload.Share, overlapAnswers = workload.Answers });
            patched.EnsureSuccessStatusCode();
        }

        return project;
    }

    private static async Task ImportAsync(HttpClient http, int project, IReadOnlyList<string> corpus)
    {
        var body = string.Join('\n', corpus.Select(t => JsonSerializer.Serialize(new { text = t })));
        using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
        using var response = await http.PostAsync(new Uri($"/api/v1/projects/{project}/documents?format=jsonl", UriKind.Relative), content);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || result.GetProperty("imported").GetInt32() != corpus.Count)
        {
            throw new InvalidOperationException($"The corpus did not import whole: {result}");
        }
    }

    /// <summary>A first annotator's answers, one after another, so the team starts on a project with a model.</summary>
    private static async Task<List<(string, long, bool)>> SeedAsync(Uri address, int project, int count)
    {
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "first");
        var random = new Random(7);
        var served = new List<(string, long, bool)>();
        for (var i = 0; i < count; i++)
        {
            var task = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next")).GetProperty("documentId").GetInt64();
            served.Add(("first", task, false));
            using var answer = await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = task, labels = new[] { Labels[random.Next(Labels.Length)] } });
            answer.EnsureSuccessStatusCode();
        }

        return served;
    }

    private static async Task<int> FirstModelAsync(HttpClient http, int project)
    {
        var clock = Stopwatch.StartNew();
        while (await ModelVersionAsync(http, project) is var version && version == 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("The server trained no model within 10 minutes.");
            }

            await Task.Delay(200);
        }

        return await ModelVersionAsync(http, project);
    }

    private static async Task<int> ModelVersionAsync(HttpClient http, int project) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model")).GetProperty("version").GetInt32();
}
