using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Tagloop.Server.Hosting;

namespace Tagloop.Bench;

/// <summary>
/// <c>tasks/next</c> and answers under 20 annotators against the real server (Kestrel on loopback, SQLite), which
/// retrains after every answer: on a steady project, while imports run, and on a large project. Each scenario writes
/// a row of the latency page's table.
/// </summary>
internal static class AnnotatorScenarios
{
    public const int Annotators = 20;

    public const string TableHeader = """
        | project | while | tasks/next: requests | median | p95 | max | answers: requests | median | p95 | max | served twice |
        |---|---|---|---|---|---|---|---|---|---|---|
        """;

    /// <summary>20 annotators × 25 tasks; then 20 annotators for as long as the imports run, one after another.</summary>
    public static async Task<List<string>> SteadyAndImportingAsync(string dataDir, int size, IReadOnlyList<string[]> imports)
    {
        var rows = new List<string>();
        await using var server = await StartAsync(dataDir);
        var clock = Stopwatch.StartNew();
        var steady = await AnnotatorLoad.RunAsync(server.Address, server.Project, Annotators, 25, clock, CancellationToken.None);
        rows.Add(Row($"{size:N0} documents", "the model retrains after every answer", steady));
        Console.WriteLine(rows[^1]);

        var windows = new List<(double From, double To, double Seconds, int Imported)>();
        using var stop = new CancellationTokenSource();
        var load = AnnotatorLoad.RunAsync(server.Address, server.Project, Annotators, int.MaxValue, clock, stop.Token);

        // Let the annotators get going before the first import starts.
        await Task.Delay(2_000);
        using (var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10) })
        {
            foreach (var lines in imports)
            {
                var body = string.Join('\n', lines.Select(t => JsonSerializer.Serialize(new { text = t })));
                using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-ndjson");
                var from = clock.Elapsed.TotalMilliseconds;
                var response = await http.PostAsync(new Uri($"/api/v1/projects/{server.Project}/documents?format=jsonl", UriKind.Relative), content);
                var to = clock.Elapsed.TotalMilliseconds;
                var result = await response.Content.ReadFromJsonAsync<JsonElement>();
                response.EnsureSuccessStatusCode();
                windows.Add((from, to, (to - from) / 1000, result.GetProperty("imported").GetInt32()));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import of {lines.Length:N0} lines: {(to - from) / 1000:0.0} s"));
            }
        }

        await stop.CancelAsync();
        var importing = await load;
        // Requests sent while an import ran, however long they then waited.
        var during = new LoadFigures(
            [.. importing.Next.Where(r => windows.Any(w => r.Start >= w.From && r.Start <= w.To))],
            [.. importing.Answers.Where(r => windows.Any(w => r.Start >= w.From && r.Start <= w.To))],
            importing.Duplicates);
        var seconds = string.Join(", ", windows.Select(w => w.Seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"));
        rows.Add(Row($"{size:N0} documents", $"{windows.Count} imports of {imports[0].Length:N0} lines run one after another ({seconds}), and retraining", during));
        Console.WriteLine(rows[^1]);
        return rows;
    }

    /// <summary>20 annotators × <paramref name="tasksEach"/> tasks on a large project, retraining after every answer.</summary>
    public static async Task<string> LargeAsync(string dataDir, int size, int tasksEach)
    {
        await using var server = await StartAsync(dataDir);
        var figures = await AnnotatorLoad.RunAsync(server.Address, server.Project, Annotators, tasksEach, Stopwatch.StartNew(), CancellationToken.None);
        var row = Row($"{size:N0} documents", "the model retrains after every answer", figures);
        Console.WriteLine(row);
        return row;
    }

    private static string Row(string project, string condition, LoadFigures figures) =>
        $"| {project} | {condition} | {AnnotatorLoad.Cells(figures.Next)} | {AnnotatorLoad.Cells(figures.Answers)} | {figures.Duplicates} |";

    /// <summary>The server on the folder, once its first model is out (start-up trains every project).</summary>
    private static async Task<RunningServer> StartAsync(string dataDir)
    {
        var app = TagloopServer.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tagloop:DataDir"] = dataDir,
            ["Tagloop:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        using var http = new HttpClient { BaseAddress = address };
        var project = (await http.GetFromJsonAsync<JsonElement>("/api/v1/projects")).EnumerateArray().First().GetProperty("id").GetInt32();
        var clock = Stopwatch.StartNew();
        while ((await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model")).GetProperty("version").GetInt32() == 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(20))
            {
                throw new TimeoutException("The server trained no model within 20 minutes.");
            }

            await Task.Delay(200);
        }

        Console.WriteLine($"server on {dataDir}: first model after {clock.Elapsed.TotalSeconds:0} s");
        return new RunningServer(app, address, project);
    }

    private sealed class RunningServer(Microsoft.AspNetCore.Builder.WebApplication app, Uri address, int project) : IAsyncDisposable
    {
        public Uri Address => address;

        public int Project => project;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
