using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tagloop.Bench;

/// <summary>
/// A team of annotators against a real server, each its own HTTP client named by the <c>X-Tagloop-Annotator</c>
/// header (the server runs without accounts): <c>tasks/next</c>, 200–600 ms of reading, an answer, for a given number
/// of tasks. Records every request's time and what each annotator was served and had acknowledged, for the checks.
/// </summary>
internal static class TeamLoad
{
    public static async Task<TeamFigures> RunAsync(Uri address, int project, IReadOnlyList<string> labels, int annotators, int tasksEach, int seed)
    {
        var next = new List<double>();
        var answers = new List<double>();
        var served = new List<(string Annotator, long DocumentId, bool Independent)>();
        var acknowledged = new List<(string Annotator, long DocumentId, string Label)>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, annotators).Select(async a =>
        {
            var name = $"annotator-{a:00}";
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Add("X-Tagloop-Annotator", name);
            var random = new Random(seed + a);
            for (var task = 0; task < tasksEach; task++)
            {
                var start = clock.Elapsed.TotalMilliseconds;
                using var response = await client.GetAsync(new Uri($"/api/v1/projects/{project}/tasks/next", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                var took = clock.Elapsed.TotalMilliseconds - start;
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    break;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"tasks/next answered {(int)response.StatusCode}: {body}");
                }

                var root = JsonDocument.Parse(body).RootElement;
                var id = root.GetProperty("documentId").GetInt64();
                lock (next)
                {
                    next.Add(took);
                    served.Add((name, id, root.TryGetProperty("independent", out var independent) && independent.GetBoolean()));
                }

                // Reading the document: 200–600 ms, far quicker than a person.
                await Task.Delay(200 + random.Next(400));
                var label = labels[random.Next(labels.Count)];
                start = clock.Elapsed.TotalMilliseconds;
                using var answer = await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = id, labels = new[] { label } });
                took = clock.Elapsed.TotalMilliseconds - start;
                if (answer.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"An answer was refused ({(int)answer.StatusCode}): {await answer.Content.ReadAsStringAsync()}");
                }

                lock (next)
                {
                    answers.Add(took);
                    acknowledged.Add((name, id, label));
                }
            }
        }));
        return new TeamFigures(next, answers, clock.Elapsed.TotalSeconds, served, acknowledged);
    }
}
