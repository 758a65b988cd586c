using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tagloop.Bench;

/// <summary>
/// Annotators working against a real server at once: each fetches <c>tasks/next</c>, reads for 200–600 ms and posts an
/// answer, until it has done its share or is told to stop. Every request is timed on one clock, so a caller can keep
/// the ones that fell inside a window (such as while an import ran).
/// </summary>
internal static class AnnotatorLoad
{
    private static readonly string[] Labels = ["World", "Sports", "Business", "Sci/Tech"];

    public static async Task<LoadFigures> RunAsync(Uri address, int project, int annotators, int tasksEach, Stopwatch clock, CancellationToken stop)
    {
        var next = new List<TimedRequest>();
        var answers = new List<TimedRequest>();
        var documents = new HashSet<long>();
        var duplicates = 0;
        await Task.WhenAll(Enumerable.Range(0, annotators).Select(async a =>
        {
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Add("X-Tagloop-Annotator", $"annotator-{a}");
            var random = new Random(a);
            for (var task = 0; task < tasksEach && !stop.IsCancellationRequested; task++)
            {
                var start = clock.Elapsed.TotalMilliseconds;
                var response = await client.GetAsync(new Uri($"/api/v1/projects/{project}/tasks/next", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                var end = clock.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"tasks/next answered {(int)response.StatusCode}: {body}");
                }

                var id = JsonDocument.Parse(body).RootElement.GetProperty("documentId").GetInt64();
                lock (next)
                {
                    next.Add(new TimedRequest(start, end));
                    duplicates += documents.Add(id) ? 0 : 1;
                }

                // An annotator reads before answering; 200–600 ms here, far quicker than a person.
                await Task.Delay(200 + random.Next(400));
                start = clock.Elapsed.TotalMilliseconds;
                var answer = await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = id, labels = new[] { Labels[random.Next(Labels.Length)] } });
                end = clock.Elapsed.TotalMilliseconds;
                answer.EnsureSuccessStatusCode();
                lock (answers)
                {
                    answers.Add(new TimedRequest(start, end));
                }
            }
        }));
        return new LoadFigures(next, answers, duplicates);
    }

    /// <summary>
    /// "count | median | p95 | max" of the requests, as table cells.
    /// </summary>
    public static string Cells(IEnumerable<TimedRequest> requests)
    {
        var durations = requests.Select(r => r.End - r.Start).Order().ToList();
        return durations.Count == 0
            ? "0 | – | – | –"
            : string.Create(CultureInfo.InvariantCulture, $"{durations.Count} | {Percentile(durations, 0.5):0.0} ms | **{Percentile(durations, 0.95):0.0} ms** | {durations[^1]:0} ms");
    }

    public static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
