using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

public class ExportApiTests : IDisposable
{
    private readonly TagloopApp app;

    public ExportApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected ExportApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Jsonl_export_lists_every_current_answer_with_its_author_time_flag_and_text()
    {
        var (project, ids) = await LabelThreeAsync();
        var response = await app.CreateClient().GetAsync($"/api/v1/projects/{project}/export?format=jsonl");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(".jsonl", response.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal(3, lines.Count);
        var first = lines.Single(l => l.GetProperty("id").GetInt64() == ids[0]);
        Assert.Equal("Cheap <b>pills</b>, \"now\"", first.GetProperty("text").GetString());
        Assert.Equal("spam", first.GetProperty("label").GetString());
        Assert.Equal("ana", first.GetProperty("annotator").GetString());
        Assert.Equal(2.5, first.GetProperty("seconds_spent").GetDouble());
        Assert.True(first.GetProperty("flagged").GetBoolean());
        Assert.Equal("check the sender", first.GetProperty("flag_note").GetString());
        Assert.True(DateTimeOffset.TryParse(first.GetProperty("created_at").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        var skipped = lines.Single(l => l.GetProperty("id").GetInt64() == ids[2]);
        Assert.True(skipped.GetProperty("skipped").GetBoolean());
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("label").ValueKind);
    }

    [Fact]
    public async Task Csv_export_quotes_text_with_commas_quotes_and_newlines()
    {
        var (project, _) = await LabelThreeAsync();
        var csv = await app.CreateClient().GetStringAsync($"/api/v1/projects/{project}/export?format=csv");
        Assert.StartsWith("id,text,labels,annotator,created_at,seconds_spent,skipped,flagged,flag_note,source,meta", csv, StringComparison.Ordinal);
        Assert.Contains("\"Cheap <b>pills</b>, \"\"now\"\"\",spam,ana", csv, StringComparison.Ordinal);
        Assert.Contains("\"Meeting at 10,\nsee you\",ham,bob", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prodigy_export_writes_accept_and_ignore_answers()
    {
        var (project, _) = await LabelThreeAsync();
        var body = await app.CreateClient().GetStringAsync($"/api/v1/projects/{project}/export?format=prodigy");
        var tasks = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, tasks.Count(t => t.GetProperty("answer").GetString() == "accept"));
        Assert.Equal(1, tasks.Count(t => t.GetProperty("answer").GetString() == "ignore"));
        Assert.Contains(tasks, t => t.TryGetProperty("label", out var l) && l.GetString() == "spam" && t.GetProperty("_annotator_id").GetString() == "ana");
    }

    [Fact]
    public async Task An_unknown_format_is_a_400_naming_it()
    {
        var project = await app.CreateProjectAsync();
        var response = await app.CreateClient().GetAsync($"/api/v1/projects/{project}/export?format=xlsx");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("xlsx", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<(int Project, long[] Ids)> LabelThreeAsync()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["Cheap <b>pills</b>, \"now\"", "Meeting at 10,\nsee you", "unclear"]);
        var ana = app.ClientFor("ana");
        var bob = app.ClientFor("bob");
        (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "spam" }, secondsSpent = 2.5, flag = true, flagNote = "check the sender" })).EnsureSuccessStatusCode();
        (await bob.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[1], labels = new[] { "ham" } })).EnsureSuccessStatusCode();
        (await bob.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[2], skip = true })).EnsureSuccessStatusCode();
        return (project, ids);
    }
}
