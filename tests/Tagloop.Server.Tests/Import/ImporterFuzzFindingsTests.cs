using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.Import;

/// <summary>The smallest files that reproduce what the importer fuzz tests found, each with its exact bytes.</summary>
public class ImporterFuzzFindingsTests : IDisposable
{
    private readonly TagloopApp app;

    public ImporterFuzzFindingsTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected ImporterFuzzFindingsTests(TestStorage storage) => app = new TagloopApp(storage: storage);
    private readonly ServerErrorLog log = new();

    public void Dispose()
    {
        app.Dispose();
        log.Dispose();
    }

    [Fact]
    public async Task Metadata_as_deep_as_the_importer_accepts_still_lets_the_browse_page_load_and_deeper_is_refused_by_line()
    {
        var (client, project) = await StartAsync();
        var imported = await PostAsync(client, project, "jsonl", "application/x-ndjson", Encoding.UTF8.GetBytes($"{{\"text\":\"deep\",\"meta\":{Nested(32)}}}\n"));
        await AssertStatusAsync(HttpStatusCode.OK, imported);

        var browse = await client.GetAsync($"/api/v1/projects/{project}/documents");
        await AssertStatusAsync(HttpStatusCode.OK, browse);
        using var page = JsonDocument.Parse(await browse.Content.ReadAsByteArrayAsync(), new JsonDocumentOptions { MaxDepth = 128 });
        Assert.Equal(1, page.RootElement.GetProperty("total").GetInt32());

        foreach (var depth in new[] { 33, 62, 63 })
        {
            var refused = await PostAsync(client, project, "jsonl", "application/x-ndjson", Encoding.UTF8.GetBytes($"{{\"text\":\"deeper {depth}\",\"meta\":{Nested(depth)}}}\n"));
            await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, refused);
            Assert.Contains("at most 32", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"n\":", depth)) + "1" + new string('}', depth);
    }

    [Theory]
    [InlineData("csv", "application/octet-stream", "text\nhello\n")]
    [InlineData("jsonl", "application/octet-stream", "{\"text\":\"hello\"}\n")]
    [InlineData("text", "application/x-www-form-urlencoded", "hello\n")]
    [InlineData("prodigy", "", "{\"text\":\"hello\"}\n")]
    public async Task The_format_parameter_overrides_any_content_type(string format, string contentType, string body)
    {
        var (client, project) = await StartAsync();
        await AssertStatusAsync(HttpStatusCode.OK, await PostAsync(client, project, format, contentType, Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/jsonl")]
    [InlineData("application/x-jsonlines")]
    public async Task Every_content_type_the_importer_reads_as_jsonl_reaches_it(string contentType)
    {
        var (client, project) = await StartAsync();
        using var content = new ByteArrayContent("{\"text\":\"hello\"}\n"u8.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        await AssertStatusAsync(HttpStatusCode.OK, await client.PostAsync($"/api/v1/projects/{project}/documents", content));
    }

    [Fact]
    public async Task A_browse_preview_never_cuts_an_emoji_in_half()
    {
        var (client, project) = await StartAsync();
        var text = "x" + string.Concat(Enumerable.Repeat("😀", 250));
        await AssertStatusAsync(HttpStatusCode.OK, await PostAsync(client, project, "text", "text/plain", Encoding.UTF8.GetBytes(text + "\n")));

        using var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/projects/{project}/documents"));
        var row = page.RootElement.GetProperty("items")[0];
        Assert.True(row.GetProperty("truncated").GetBoolean());
        var preview = row.GetProperty("text").GetString()!;
        Assert.StartsWith(preview, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_header_whose_quote_never_closes_is_a_400_not_a_500()
    {
        // The CSV field limit is 4 × MaxDocumentBytes: 4 KB here, 4 MB by default. The header's one field runs past it.
        var (client, project) = await StartAsync(maxDocumentBytes: 1024);
        var body = "\"text\n" + new string('q', 5000) + "\n";
        await AssertStatusAsync(HttpStatusCode.BadRequest, await PostAsync(client, project, "csv", "text/csv", Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>The server with its errors logged here, and a fresh project.</summary>
    private async Task<(HttpClient Client, int Project)> StartAsync(int maxDocumentBytes = 1024 * 1024)
    {
        var server = app.WithWebHostBuilder(b => b
            .UseSetting("Tagloop:MaxDocumentBytes", maxDocumentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ConfigureLogging(l => l.AddProvider(log)));
        var client = server.CreateClient();
        var created = await client.PostAsync("/api/v1/projects", new StringContent("{\"name\":\"P\",\"labels\":[{\"name\":\"spam\"},{\"name\":\"ham\"}]}", Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        using var project = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return (client, project.RootElement.GetProperty("id").GetInt32());
    }

    /// <summary>Asserts the status, showing the answer and what the server logged when it differs.</summary>
    private async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected}, got {(int)response.StatusCode}: {(body.Length > 1000 ? body[..1000] : body)}\n{string.Join("\n", log.Since(0))}");
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, int project, string format, string contentType, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        if (contentType.Length > 0)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await client.PostAsync($"/api/v1/projects/{project}/documents?format={format}", content);
    }
}
