using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tagloop.Server.Tests.Export;

/// <summary>A span-tagging project over HTTP: pre-annotated spans imported as a named source, exported as CoNLL and in the tools' formats.</summary>
public sealed class SpanFormatsApiTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Conll_imports_as_the_named_source_and_exports_line_for_line_and_spacy_counts_code_points()
    {
        var client = app.ClientFor("ana");
        var project = await CreateSpanProjectAsync(client);
        const string Conll = "-DOCSTART- -X- -X- O\n\n😀 O\nAnna B-PER\nNovak I-PER\nmet O\n𝔘lm B-LOC\n. O\n\n";
        var imported = await client.PostAsync($"/api/v1/projects/{project}/documents?format=conll&source=gold&fileName=train.conll", new StringContent(Conll, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (result.GetProperty("imported").GetInt32(), result.GetProperty("labelled").GetInt32()));

        var conll = await client.GetAsync($"/api/v1/projects/{project}/export?format=conll");
        Assert.Equal(HttpStatusCode.OK, conll.StatusCode);
        Assert.Equal("text/plain", conll.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".conll", conll.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "", StringComparison.Ordinal);
        Assert.Equal(Conll, await conll.Content.ReadAsStringAsync());

        // jsonl: UTF-16 code units, the source as author; spaCy: code points.
        var jsonl = JsonDocument.Parse((await client.GetStringAsync($"/api/v1/projects/{project}/export?format=jsonl")).Split('\n')[0]).RootElement;
        Assert.Equal(("gold", "import:gold"), (jsonl.GetProperty("annotator").GetString(), jsonl.GetProperty("source").GetString()));
        Assert.Equal([(3, 13, "PER"), (18, 22, "LOC")], jsonl.GetProperty("spans").EnumerateArray().Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("end").GetInt32(), s.GetProperty("label").GetString())));
        var spacy = JsonDocument.Parse((await client.GetStringAsync($"/api/v1/projects/{project}/export?format=spacy")).Split('\n')[0]).RootElement;
        Assert.Equal([(2, 12, "PER"), (17, 20, "LOC")], spacy.GetProperty("entities").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetInt32(), e[2].GetString())));
    }

    [Fact]
    public async Task A_bad_span_is_a_rejected_line_and_formats_that_do_not_fit_the_task_are_refused()
    {
        var client = app.ClientFor("ana");
        var project = await CreateSpanProjectAsync(client);
        var bad = await client.PostAsync($"/api/v1/projects/{project}/documents?format=spacy", new StringContent("{\"text\": \"😀 Anna\", \"entities\": [[2, 7, \"PER\"]]}\n", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var error = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal(1, error.GetProperty("line").GetInt32());
        Assert.Contains("entities[0][1] is 7, past the end of the text (6 code points)", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        var argilla = await client.GetAsync($"/api/v1/projects/{project}/export?format=argilla");
        Assert.Equal(HttpStatusCode.BadRequest, argilla.StatusCode);
        var classification = await app.CreateProjectAsync("Classes");
        var conll = await client.GetAsync($"/api/v1/projects/{classification}/export?format=conll");
        Assert.Equal(HttpStatusCode.BadRequest, conll.StatusCode);
        Assert.Contains("classifies whole documents", await conll.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<int> CreateSpanProjectAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Entities", task = "span-tagging", labels = new[] { new { name = "PER" }, new { name = "LOC" } }, encoder = "tfidf" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
