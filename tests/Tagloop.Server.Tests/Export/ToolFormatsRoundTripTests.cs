using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.Export;

/// <summary>Exports in the formats of Label Studio, doccano, Argilla and spaCy, read back by Tagloop's own importer: the same texts, labels and metadata.</summary>
public class ToolFormatsRoundTripTests : IDisposable
{
    private readonly TagloopApp app;

    public ToolFormatsRoundTripTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected ToolFormatsRoundTripTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("label-studio", "application/json", false)]
    [InlineData("doccano", "application/x-ndjson", false)]
    [InlineData("argilla", "application/x-ndjson", true)]
    [InlineData("spacy", "application/x-ndjson", true)]
    public async Task An_export_in_a_tools_format_imports_back_with_its_texts_labels_and_metadata(string format, string mediaType, bool multiLabel)
    {
        var client = app.ClientFor("ana");
        var source = await app.CreateProjectAsync("Source", multiLabel, "pos", "neg", "=odd <label>");
        var lines = string.Join('\n', new[]
        {
            new { text = "Loved every minute", meta = (object?)new { site = "imdb", n = 1 } },
            new { text = "Dull, \"long\" and\nslow ☕", meta = (object?)null },
            new { text = "Skipped by everyone", meta = (object?)null },
        }.Select(d => JsonSerializer.Serialize(d)));
        (await client.PostAsync($"/api/v1/projects/{source}/documents?format=jsonl", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"))).EnsureSuccessStatusCode();
        var documents = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{source}/documents")).GetProperty("items").EnumerateArray()
            .ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("id").GetInt64());
        var first = multiLabel ? new[] { "pos", "=odd <label>" } : ["pos"];
        (await client.PostAsJsonAsync($"/api/v1/projects/{source}/annotations", new { documentId = documents["Loved every minute"], labels = first })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/projects/{source}/annotations", new { documentId = documents["Dull, \"long\" and\nslow ☕"], labels = new[] { "neg" } })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/projects/{source}/annotations", new { documentId = documents["Skipped by everyone"], skip = true })).EnsureSuccessStatusCode();

        var exported = await client.GetAsync($"/api/v1/projects/{source}/export?format={format}");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal(mediaType, exported.Content.Headers.ContentType?.MediaType);
        Assert.Contains(format, exported.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.Ordinal);
        var file = await exported.Content.ReadAsByteArrayAsync();

        var target = await app.CreateProjectAsync("Target", multiLabel, "pos", "neg", "=odd <label>");
        using var body = new ByteArrayContent(file);
        var imported = await client.PostAsync($"/api/v1/projects/{target}/documents?format={format}", body);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = await imported.Content.ReadFromJsonAsync<JsonElement>();

        // Label Studio keeps the skip as a cancelled annotation, so its document comes back unlabelled; the others carry answers only.
        Assert.Equal(format == "label-studio" ? 3 : 2, result.GetProperty("imported").GetInt32());
        Assert.Equal(2, result.GetProperty("labelled").GetInt32());
        var back = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{target}/documents?pageSize=10")).GetProperty("items").EnumerateArray()
            .ToDictionary(d => d.GetProperty("text").GetString()!, d => d);
        Assert.Equal(first.Order(), back["Loved every minute"].GetProperty("labels").EnumerateArray().Select(l => l.GetString()).Order());
        Assert.Equal(["neg"], back["Dull, \"long\" and\nslow ☕"].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("imdb", back["Loved every minute"].GetProperty("meta").GetProperty("site").GetString());
    }

    [Fact]
    public async Task An_unknown_export_format_is_refused_naming_the_formats()
    {
        var project = await app.CreateProjectAsync();
        var refused = await app.CreateClient().GetAsync($"/api/v1/projects/{project}/export?format=brat");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("label-studio, doccano, argilla, spacy, conll or token-tags", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
