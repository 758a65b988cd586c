using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;

namespace Tagloop.Server.Tests.Import;

/// <summary>
/// Walks every page of a project as a browser would — lists, browse pages with filters and odd searches, documents,
/// statistics, the next task (answered with a label and a skip), the model and the three exports — and says what
/// did not load, did not parse, or disagrees with the database.
/// </summary>
internal sealed class ProjectPages(IServiceProvider services, HttpClient client, int project, IReadOnlyList<string> labels)
{
    private static readonly string[] Searches =
    [
        "%", "_", "\\", "'", "\"", "[a-z]", "😀", "e\u0301", "\u202E", "<script>", "=", "%_\\", " ", "İ", "ß", "\u3000", "\uFFFD",
        "spam' OR '1'='1", new('a', 2000),
    ];

    private readonly string prefix = $"/api/v1/projects/{project}";

    /// <summary>Loads everything; returns what went wrong (empty when all is well).</summary>
    public async Task<List<string>> CheckAsync(Random random)
    {
        var problems = new List<string>();
        await AnswerNextTasksAsync(random, problems);

        var (documents, current) = await CountsAsync();
        var list = await GetJsonAsync("/api/v1/projects", problems);
        if (list is { ValueKind: JsonValueKind.Array } projects && !projects.EnumerateArray().Any(p => p.GetProperty("id").GetInt32() == project))
        {
            problems.Add("the project list does not list the project");
        }

        await GetJsonAsync(prefix, problems);
        await BrowseAsync(random, documents, problems);
        await DocumentsAsync(random, problems);
        var stats = await GetJsonAsync($"{prefix}/stats", problems);
        if (stats is { } s && s.GetProperty("total").GetInt32() != documents)
        {
            problems.Add($"stats say {s.GetProperty("total")} documents; the database holds {documents}");
        }

        await GetJsonAsync($"{prefix}/model", problems);
        await GetJsonAsync($"{prefix}/model/history", problems);
        foreach (var format in new[] { "jsonl", "prodigy", "csv" })
        {
            await ExportAsync(format, current, problems);
        }

        return problems;
    }

    private async Task<(int Documents, int Current)> CountsAsync()
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        return (await db.Documents.CountAsync(d => d.ProjectId == project), await db.Annotations.CountAsync(a => a.ProjectId == project && a.IsCurrent));
    }

    /// <summary>Answers the next task with a label, and the one after with a skip, so that the exports have rows of both kinds.</summary>
    private async Task AnswerNextTasksAsync(Random random, List<string> problems)
    {
        foreach (var skip in new[] { false, true })
        {
            var task = await GetJsonAsync($"{prefix}/tasks/next", problems, allowNoContent: true);
            if (task is not { } next)
            {
                return;
            }

            var id = next.GetProperty("documentId").GetInt64();
            object answer = skip ? new { documentId = id, skip = true } : new { documentId = id, labels = new[] { labels[random.Next(labels.Count)] } };
            var posted = await client.PostAsJsonAsync($"{prefix}/annotations", answer);
            if (posted.StatusCode != HttpStatusCode.Created)
            {
                problems.Add($"answering task {id} (skip: {skip}) gave {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
            }
        }
    }

    private async Task BrowseAsync(Random random, int documents, List<string> problems)
    {
        var filters = new List<string> { "", "all", "unlabelled", "labelled", "flagged", "skipped" };
        filters.AddRange(labels.Select(l => "label:" + l));
        foreach (var filter in filters)
        {
            var page = await GetJsonAsync($"{prefix}/documents?filter={Uri.EscapeDataString(filter)}&pageSize=200", problems);
            if (page is { } p && filter is "" or "all" && p.GetProperty("total").GetInt32() != documents)
            {
                problems.Add($"browse (filter '{filter}') says {p.GetProperty("total")} documents; the database holds {documents}");
            }

            if (page is { } items)
            {
                await PreviewsMatchAsync(items, problems);
            }
        }

        var last = Math.Max(1, (documents + 49) / 50);
        foreach (var number in new[] { 1, 2, last, last + 3 })
        {
            if (await GetJsonAsync($"{prefix}/documents?page={number}", problems) is { } page)
            {
                await PreviewsMatchAsync(page, problems);
            }
        }

        var searches = Searches.ToList();
        if (await SomeStoredTextAsync(random) is { } stored)
        {
            searches.Add(stored);
        }

        foreach (var q in searches)
        {
            var filter = random.Next(3) == 0 ? "&filter=labelled" : "";
            if (await GetJsonAsync($"{prefix}/documents?q={Uri.EscapeDataString(q)}{filter}", problems) is { } page)
            {
                await PreviewsMatchAsync(page, problems);
            }
        }
    }

    /// <summary>A piece of a stored text to search for (whole characters only: a search must be valid Unicode).</summary>
    private async Task<string?> SomeStoredTextAsync(Random random)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var count = await db.Documents.CountAsync(d => d.ProjectId == project);
        if (count == 0)
        {
            return null;
        }

        var text = await db.Documents.Where(d => d.ProjectId == project).OrderBy(d => d.Id).Skip(random.Next(count)).Select(d => d.Text).FirstAsync();
        var start = random.Next(text.Length);
        var end = Math.Min(text.Length, start + random.Next(1, 30));
        start -= start > 0 && char.IsLowSurrogate(text[start]) ? 1 : 0;
        end += end < text.Length && char.IsLowSurrogate(text[end]) ? 1 : 0;
        return text[start..end];
    }

    /// <summary>Every browse row's text is the stored text, or its start when the row says it was cut.</summary>
    private async Task PreviewsMatchAsync(JsonElement page, List<string> problems)
    {
        var items = page.GetProperty("items").EnumerateArray().ToList();
        var ids = items.Select(i => i.GetProperty("id").GetInt64()).ToList();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var texts = await db.Documents.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Text);
        foreach (var item in items)
        {
            var id = item.GetProperty("id").GetInt64();
            var preview = item.GetProperty("text").GetString() ?? "";
            var stored = texts.GetValueOrDefault(id) ?? "";
            var matches = item.GetProperty("truncated").GetBoolean() ? stored.StartsWith(preview, StringComparison.Ordinal) && preview.Length <= 400 : stored == preview;
            if (!matches)
            {
                problems.Add($"the browse row of document {id} shows \"{ValidText.Escaped(preview[Math.Max(0, preview.Length - 8)..])}\" at its end (truncated: {item.GetProperty("truncated")}); the stored text there is \"{ValidText.Escaped(stored.Length >= preview.Length ? stored[Math.Max(0, preview.Length - 8)..preview.Length] : stored)}\"");
                return;
            }
        }
    }

    /// <summary>The newest documents and a random few load, each with its stored text.</summary>
    private async Task DocumentsAsync(Random random, List<string> problems)
    {
        List<(long Id, string Text)> sample;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            var ids = await db.Documents.Where(d => d.ProjectId == project).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
            var chosen = ids.TakeLast(15).Concat(Enumerable.Range(0, Math.Min(10, ids.Count)).Select(_ => ids[random.Next(ids.Count)])).Distinct().ToList();
            sample = [.. (await db.Documents.Where(d => chosen.Contains(d.Id)).Select(d => new { d.Id, d.Text }).ToListAsync()).Select(d => (d.Id, d.Text))];
        }

        foreach (var (id, text) in sample)
        {
            if (await GetJsonAsync($"{prefix}/documents/{id}", problems) is { } document)
            {
                if (document.GetProperty("text").GetString() != text)
                {
                    problems.Add($"document {id}'s page shows a text other than the stored one");
                }

                if (document.GetProperty("meta").ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    problems.Add($"document {id}'s meta is {document.GetProperty("meta").ValueKind}");
                }
            }
        }
    }

    private async Task ExportAsync(string format, int expected, List<string> problems)
    {
        var url = $"{prefix}/export?format={format}";
        var (status, bytes, failure) = await SendAsync(url);
        if (failure is not null || status != HttpStatusCode.OK)
        {
            problems.Add($"GET {url} → {failure ?? ((int)status).ToString(CultureInfo.InvariantCulture)}: {Shorten(bytes)}");
            return;
        }

        var text = ValidText.Decode(bytes);
        if (text is null)
        {
            problems.Add($"the {format} export is not valid UTF-8");
            return;
        }

        if ((expected > 0 || format == "csv") && (text.Length == 0 || text[^1] != '\n'))
        {
            problems.Add($"the {format} export does not end with a newline (cut short?); it ends \"{ValidText.Escaped(text[Math.Max(0, text.Length - 80)..])}\"");
        }

        var rows = format == "csv" ? CsvRows(text, problems) : JsonRows(format, text, problems);
        if (rows != expected)
        {
            problems.Add($"the {format} export has {rows} rows; the project has {expected} current answers and skips");
        }
    }

    private static int JsonRows(string format, string text, List<string> problems)
    {
        var lines = text.Split('\n');
        var rows = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 && i == lines.Length - 1)
            {
                break;
            }

            try
            {
                using var row = JsonDocument.Parse(lines[i]);
                if (row.RootElement.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{format} export line {i + 1} is not an object: {ValidText.Escaped(lines[i])}");
                }
                else if (ValidText.Problem(row.RootElement, $"{format} export line {i + 1}") is { } bad)
                {
                    problems.Add(bad);
                }

                rows++;
            }
            catch (JsonException e)
            {
                problems.Add($"{format} export line {i + 1} is not JSON ({e.Message}): {ValidText.Escaped(lines[i])}");
            }
        }

        return rows;
    }

    private static int CsvRows(string text, List<string> problems)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectColumnCountChanges = true,
            BadDataFound = args => problems.Add($"the csv export has bad data at row {args.Context.Parser?.Row}: {ValidText.Escaped(args.RawRecord)}"),
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, configuration);
        if (!csv.Read())
        {
            problems.Add("the csv export has no header");
            return 0;
        }

        csv.ReadHeader();
        var columns = csv.HeaderRecord?.Length ?? 0;
        var rows = 0;
        try
        {
            while (csv.Read())
            {
                rows++;
                if (csv.Parser.Count != columns)
                {
                    problems.Add($"csv export row {rows} has {csv.Parser.Count} fields; the header has {columns}");
                }
            }
        }
        catch (CsvHelperException e)
        {
            problems.Add($"the csv export does not parse after {rows} rows: {e.Message}");
        }

        return rows;
    }

    private async Task<JsonElement?> GetJsonAsync(string url, List<string> problems, bool allowNoContent = false)
    {
        var (status, bytes, failure) = await SendAsync(url);
        if (failure is not null)
        {
            problems.Add($"GET {url} failed: {failure}");
            return null;
        }

        if (allowNoContent && status == HttpStatusCode.NoContent)
        {
            return null;
        }

        if (status != HttpStatusCode.OK)
        {
            problems.Add($"GET {url} → {(int)status}: {Shorten(bytes)}");
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(bytes);
            if (ValidText.Problem(json.RootElement, "the answer") is { } bad)
            {
                problems.Add($"GET {url}: {bad}");
            }

            return json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            problems.Add($"GET {url} is not JSON ({e.Message}): {Shorten(bytes)}");
            return null;
        }
    }

    /// <summary>The whole answer; a failure while it streams (an export cut short) is a message, not an exception.</summary>
    private async Task<(HttpStatusCode Status, byte[] Body, string? Failure)> SendAsync(string url)
    {
        try
        {
            using var response = await client.GetAsync(url);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            return (0, [], $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static string Shorten(byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        return text.Length > 1500 ? text[..1500] + "…" : text;
    }
}
