using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tagloop.Core;
using Xunit.Abstractions;

namespace Tagloop.Server.Tests.Import;

/// <summary>
/// Hundreds of generated hostile files per import format, posted to one project: whatever happens, the server
/// answers 200, 400 or 422 (never 5xx) with a problem that says what is wrong, stores a file whole or not at all,
/// stores only valid text, and every page of the project — exports included — still loads.
/// </summary>
public sealed class ImporterFuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Small enough that lines over the cap (4 × this + 64 KB) and metadata over 256 KB stay cheap to send.</summary>
    private const int MaxDocumentBytes = 64 * 1024;

    private const int PagesEvery = 25;

    private const int MaxFailures = 25;

    private readonly TagloopApp app = new();
    private readonly ServerErrorLog log = new();
    private WebApplicationFactory<Program>? server;

    private WebApplicationFactory<Program> Server => server ??= app.WithWebHostBuilder(b => b
        .UseSetting("Tagloop:MaxDocumentBytes", MaxDocumentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .ConfigureLogging(l => l.AddProvider(log)));

    public void Dispose()
    {
        app.Dispose();
        log.Dispose();
    }

    [Theory]
    [InlineData("jsonl", 1_000, 300, false)]
    [InlineData("prodigy", 2_000, 300, true)]
    [InlineData("csv", 3_000, 300, true)]
    [InlineData("text", 4_000, 300, false)]
    [InlineData("json", 5_000, 150, false)]
    [InlineData("label-studio", 6_000, 150, true)]
    [InlineData("spacy", 7_000, 150, false)]
    [InlineData("doccano", 8_000, 150, true)]
    [InlineData("argilla", 9_000, 150, false)]
    public async Task Hostile_files_get_200_400_or_422_are_stored_whole_or_not_at_all_and_every_page_still_loads(string format, int firstSeed, int files, bool multiLabel)
    {
        files = FilesToRun(files);
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "fuzzer");
        var project = await CreateProjectAsync(client, multiLabel);
        var pages = new ProjectPages(Server.Services, client, project, HostileSnippets.Labels);
        var statuses = new SortedDictionary<int, int>();
        long bytes = 0;
        var random = new Random(firstSeed);
        var failures = new Failures();
        var mark = log.Count;
        for (var i = 0; i < files && failures.Distinct < MaxFailures; i++)
        {
            var file = HostileFiles.Make(format, firstSeed + i);
            bytes += file.Body.Length;
            var (status, problems, context) = await ImportAsync(client, project, file);
            statuses[(int)status] = statuses.GetValueOrDefault((int)status) + 1;
            if (problems.Count > 0)
            {
                failures.Add(problems, context);
                mark = log.Count;
            }

            if ((i + 1) % PagesEvery == 0 || i == files - 1)
            {
                var when = $"after seed {firstSeed + i}";
                failures.Add(await pages.CheckAsync(random), when);
                failures.Add([.. log.Since(mark).Select(e => $"the server logged an error: {e}")], when);
                mark = log.Count;
            }
        }

        failures.Add(await StoredTextProblemsAsync(project), "at the end");
        var counts = await CountsAsync(project);
        output.WriteLine($"{format}: {files} files (seeds {firstSeed}–{firstSeed + files - 1}) ({bytes / 1024.0 / 1024.0:0.0} MB) answered {string.Join(", ", statuses.Select(s => $"{s.Key} ×{s.Value}"))}; {counts.Documents} documents and {counts.Annotations} annotations stored");

        // A generator that stopped producing one of the three answers would test less than it seems to.
        failures.Add([.. new[] { 200, 400, 422 }.Where(s => !statuses.ContainsKey(s)).Select(s => $"no file was answered {s}: the generator has lost variety")], "at the end");
        Assert.True(failures.Distinct == 0, failures.ToString());
    }

    /// <summary>TAGLOOP_FUZZ_FILES runs more (or fewer) files per format, for a longer hunt than the suite's.</summary>
    private static int FilesToRun(int files) =>
        int.TryParse(Environment.GetEnvironmentVariable("TAGLOOP_FUZZ_FILES"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : files;

    private static async Task<int> CreateProjectAsync(HttpClient client, bool multiLabel)
    {
        var response = await client.PostAsJsonAsync("/api/v1/projects", new
        {
            name = "Fuzz <b>\u202E</b> =1+1",
            task = "classification",
            multiLabel,
            labels = HostileSnippets.Labels.Select(l => new { name = l }).ToArray(),
            encoder = "tfidf",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>Posts one file and checks the answer and the database; returns what is wrong (empty when all is well) and what was sent and answered.</summary>
    private async Task<(HttpStatusCode Status, List<string> Problems, string Context)> ImportAsync(HttpClient client, int project, HostileFile file)
    {
        var mark = log.Count;
        var before = await CountsAsync(project);
        using var content = new ByteArrayContent(file.Body.ToArray());
        if (file.ContentType.Length > 0)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
        }

        HttpStatusCode status;
        string? mediaType;
        byte[] body;
        try
        {
            using var response = await client.PostAsync($"/api/v1/projects/{project}/documents?{file.Query}", content);
            (status, mediaType, body) = (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            return (0, [$"the request failed: {e.GetType().Name}: {e.Message}"], $"{file}\n  {e}\n  " + string.Join("\n  ", log.Since(mark)));
        }

        var problems = new List<string>();
        JsonElement answer = default;
        try
        {
            using var json = JsonDocument.Parse(body);
            answer = json.RootElement.Clone();
            if (ValidText.Problem(answer, "the answer") is { } bad)
            {
                problems.Add(bad);
            }
        }
        catch (JsonException e)
        {
            problems.Add($"the answer is not JSON: {e.Message}");
        }

        var after = await CountsAsync(project);
        if (answer.ValueKind == JsonValueKind.Object)
        {
            problems.AddRange(status switch
            {
                HttpStatusCode.OK => await ImportedAsync(project, file, answer, before, after),
                HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => Refused(file, status, mediaType, answer, before, after),
                _ => [$"status {(int)status}"],
            });
        }
        else if (problems.Count == 0)
        {
            problems.Add($"status {(int)status} with a body that is not a JSON object");
        }

        var logged = log.Since(mark);
        if (logged.Count > 0)
        {
            problems.Add("the server logged an error");
        }

        var shown = Encoding.UTF8.GetString(body);
        return (status, problems, string.Join("\n  ", [file.ToString(), $"→ {(int)status} {mediaType}: {(shown.Length > 2000 ? shown[..2000] + "…" : shown)}", .. logged.Select(e => "server log: " + e)]));
    }

    /// <summary>A refused file: an RFC 9457 problem that says why (422: naming lines), and nothing stored.</summary>
    private static List<string> Refused(HostileFile file, HttpStatusCode status, string? mediaType, JsonElement problem, Counts before, Counts after)
    {
        var problems = new List<string>();
        if (mediaType != "application/problem+json")
        {
            problems.Add($"a {(int)status} answer should be application/problem+json, not {mediaType}");
        }

        if (!problem.TryGetProperty("status", out var statusField) || statusField.ValueKind != JsonValueKind.Number || statusField.GetInt32() != (int)status)
        {
            problems.Add("the problem does not carry its status");
        }

        var detail = problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var errors = problem.TryGetProperty("errors", out var e) ? e : default;
        var hasErrors = errors.ValueKind switch
        {
            JsonValueKind.Array => errors.GetArrayLength() > 0,
            JsonValueKind.Object => errors.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Array && p.Value.EnumerateArray().Any(m => !string.IsNullOrWhiteSpace(m.GetString()))),
            _ => false,
        };
        if (string.IsNullOrWhiteSpace(detail) && !hasErrors)
        {
            problems.Add("the problem has neither a detail nor errors");
        }

        if (status == HttpStatusCode.UnprocessableEntity)
        {
            if (file.SkipInvalid)
            {
                problems.Add("422 although skipInvalid=true");
            }

            problems.AddRange(LineErrorProblems(file, problem, mustHaveErrors: true));
        }

        if (after != before)
        {
            problems.Add($"a refused file changed the database: {before} → {after}");
        }

        return problems;
    }

    /// <summary>An accepted file: the counts grew by exactly what the answer says, and what was stored is valid text.</summary>
    private async Task<List<string>> ImportedAsync(int project, HostileFile file, JsonElement result, Counts before, Counts after)
    {
        var problems = LineErrorProblems(file, result, mustHaveErrors: false);
        var imported = result.GetProperty("imported").GetInt32();
        var labelled = result.GetProperty("labelled").GetInt32();
        if (!file.SkipInvalid && result.GetProperty("errorCount").GetInt32() > 0)
        {
            problems.Add("200 with invalid lines although skipInvalid was not set");
        }

        if (after.Documents != before.Documents + imported || after.Annotations != before.Annotations + labelled)
        {
            problems.Add($"imported {imported} (labelled {labelled}) but the database went {before} → {after}");
        }

        using var scope = Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var stored = await db.Documents.AsNoTracking().Where(x => x.ProjectId == project && x.Id > before.LastDocumentId).Select(x => new { x.Id, x.Text, x.MetaJson }).ToListAsync();
        foreach (var document in stored)
        {
            problems.AddRange(DocumentProblems(document.Id, document.Text, document.MetaJson));
        }

        return problems;
    }

    private static List<string> LineErrorProblems(HostileFile file, JsonElement result, bool mustHaveErrors)
    {
        var problems = new List<string>();
        var errors = result.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray()] : new List<JsonElement>();
        var errorCount = result.TryGetProperty("errorCount", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : -1;
        if (mustHaveErrors && errors.Count == 0)
        {
            problems.Add("a rejected file lists no bad line");
        }

        if (errorCount < errors.Count)
        {
            problems.Add($"errorCount {errorCount} is below the {errors.Count} errors listed");
        }

        var lines = file.PhysicalLines;
        foreach (var error in errors)
        {
            var line = error.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt64() : 0;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (line < 1 || line > lines || string.IsNullOrWhiteSpace(message))
            {
                problems.Add($"an error names line {line} of a file of {lines} lines, saying \"{message}\"");
            }
        }

        return problems;
    }

    private static IEnumerable<string> DocumentProblems(long id, string text, string? metaJson)
    {
        if (ValidText.Problem(text, $"document {id}'s text") is { } badText)
        {
            yield return badText;
        }

        if (string.IsNullOrWhiteSpace(text) || Encoding.UTF8.GetByteCount(text) > MaxDocumentBytes)
        {
            yield return $"document {id}'s text is blank or over the limit ({text.Length} characters)";
        }

        if (ValidText.MetaProblem(metaJson, $"document {id}'s meta") is { } badMeta)
        {
            yield return badMeta;
        }
    }

    /// <summary>At the end, every stored document of the project once more, and no text twice.</summary>
    private async Task<List<string>> StoredTextProblemsAsync(int project)
    {
        using var scope = Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var documents = await db.Documents.AsNoTracking().Where(d => d.ProjectId == project).Select(d => new { d.Id, d.Text, d.MetaJson }).ToListAsync();
        var problems = documents.SelectMany(d => DocumentProblems(d.Id, d.Text, d.MetaJson)).ToList();
        var duplicates = documents.Count - documents.Select(d => d.Text).Distinct(StringComparer.Ordinal).Count();
        if (duplicates > 0)
        {
            problems.Add($"{duplicates} document text(s) are stored twice");
        }

        return problems;
    }

    private async Task<Counts> CountsAsync(int project)
    {
        using var scope = Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        return new Counts(
            await db.Documents.CountAsync(d => d.ProjectId == project),
            await db.Annotations.CountAsync(a => a.ProjectId == project),
            await db.Documents.Where(d => d.ProjectId == project).MaxAsync(d => (long?)d.Id) ?? 0);
    }

    private readonly record struct Counts(int Documents, int Annotations, long LastDocumentId);
}
