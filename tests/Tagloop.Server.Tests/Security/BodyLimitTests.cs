using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tagloop.Server.Tests.Security;

/// <summary>Bodies are bounded on the real server: JSON requests by their own limit, imports by the upload limit.</summary>
public sealed class BodyLimitTests : IDisposable
{
    private readonly TagloopApp app = new(kestrel: true);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_json_body_over_the_limit_is_refused_with_413_and_stores_nothing()
    {
        // Our own handler: the default waits only 1 s for the server's answer to "Expect: 100-continue" before sending the
        // body anyway, and on a loaded machine the server's 413 then races the upload (a broken pipe instead of the answer).
        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) };
        using var client = new HttpClient(handler) { BaseAddress = app.CreateClient().BaseAddress };
        var huge = "{\"name\":\"Huge\",\"labels\":[{\"name\":\"a\",\"description\":\"" + new string('x', 17 * 1024 * 1024) + "\"}]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };

        // The server answers before reading the body; without 100-continue the client would still be sending when the connection closes.
        request.Headers.ExpectContinue = true;
        var answer = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        var details = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("too large", details.GetProperty("title").GetString(), StringComparison.Ordinal);
        var list = await client.GetAsync("/api/v1/projects");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty(await list.Content.ReadFromJsonAsync<JsonElement[]>() ?? []);
    }

    [Fact]
    public async Task An_import_may_be_larger_than_a_json_body()
    {
        var project = await app.CreateProjectAsync();
        var lines = new StringBuilder();
        for (var i = 0; lines.Length < 17 * 1024 * 1024; i++)
        {
            lines.Append("document number ").Append(i).Append(' ').Append('x', 200).Append('\n');
        }

        var answer = await app.CreateClient().PostAsync($"/api/v1/projects/{project}/documents?format=text", new StringContent(lines.ToString(), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
