using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Tests.Security;

/// <summary>
/// What another web page can make a browser send to the loopback server, sent here header by header: each must be
/// refused and change nothing, while scripts (no browser headers) and Tagloop's own pages go on working.
/// </summary>
public sealed class RequestGuardTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("evil.example:5080")]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.evil.example:5080")]
    [InlineData("localhost.evil.example")]
    [InlineData("10.0.0.7:5080")]
    public async Task A_request_addressed_to_another_name_is_refused_as_misdirected(string host)
    {
        var client = app.CreateClient();
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        read.Headers.Host = host;
        var answer = await client.SendAsync(read);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("--allowed-host", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = JsonContent.Create(NewProject("Rebound")) };
        create.Headers.Host = host;
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await client.SendAsync(create)).StatusCode);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/projects") ?? []);
    }

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("127.3.4.5:80")]
    [InlineData("[::1]:5080")]
    [InlineData("[::ffff:127.0.0.1]:5080")]
    public async Task Loopback_names_are_answered(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        request.Headers.Host = host;
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_name_the_operator_allowed_is_answered()
    {
        using var allowed = app.WithWebHostBuilder(b => b.UseSetting("Tagloop:AllowedHosts:0", "tagloop.internal"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        request.Headers.Host = "Tagloop.Internal:443";
        Assert.Equal(HttpStatusCode.OK, (await allowed.CreateClient().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task An_image_on_another_site_cannot_lease_a_document()
    {
        var project = await app.CreateProjectAsync();
        await app.SeedDocumentsAsync(project, ["first", "second"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{project}/tasks/next");
        Browser(request, site: "cross-site", mode: "no-cors", dest: "image");
        var answer = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal(0, app.LeaseCount);
    }

    [Fact]
    public async Task A_text_plain_form_on_another_site_cannot_import_documents()
    {
        var project = await app.CreateProjectAsync();
        var body = "{\"text\":\"Buy now\",\"label\":\"spam\",\"x\":\"=\"}\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{project}/documents?format=jsonl&source=boss")
        {
            Content = new StringContent(body, Encoding.UTF8, "text/plain"),
        };
        Browser(request, site: "cross-site", mode: "navigate", dest: "document", origin: "https://evil.example");
        var answer = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal(0, await CountAsync(db => db.Documents));
    }

    [Theory]
    [InlineData("cross-site")]
    [InlineData("same-site")]
    public async Task A_no_cors_fetch_from_another_page_cannot_annotate(string site)
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["first"]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{project}/annotations")
        {
            Content = JsonContent.Create(new { documentId = ids[0], labels = new[] { "spam" } }),
        };
        Browser(request, site, mode: "no-cors", dest: "empty", origin: site == "same-site" ? "http://localhost:3000" : "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient().SendAsync(request)).StatusCode);
        Assert.Equal(0, await CountAsync(db => db.Annotations));
    }

    [Fact]
    public async Task Reads_by_another_site_are_refused_too()
    {
        await app.CreateProjectAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        Browser(request, site: "cross-site", mode: "cors", dest: "empty", origin: "https://evil.example");
        var answer = await app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.DoesNotContain("Spam", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost:3000")]
    [InlineData("null")]
    [InlineData("file://")]
    public async Task Without_fetch_metadata_a_foreign_origin_is_refused(string origin)
    {
        var project = await app.CreateProjectAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{project}/documents?format=text")
        {
            Content = new StringContent("one\ntwo\n", Encoding.UTF8, "text/plain"),
        };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient().SendAsync(request)).StatusCode);
        Assert.Equal(0, await CountAsync(db => db.Documents));
    }

    [Fact]
    public async Task Tagloops_own_pages_may_write()
    {
        var project = await app.CreateProjectAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{project}/documents?format=text")
        {
            Content = new StringContent("one\ntwo\n", Encoding.UTF8, "text/plain"),
        };
        Browser(request, site: "same-origin", mode: "cors", dest: "empty", origin: "http://localhost");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(request)).StatusCode);
        Assert.Equal(2, await CountAsync(db => db.Documents));
    }

    [Fact]
    public async Task Scripts_without_browser_headers_keep_importing_text_plain_with_a_format_and_leasing_with_get()
    {
        var project = await app.CreateProjectAsync();
        var client = app.ClientFor("script");
        var imported = await client.PostAsync(
            $"/api/v1/projects/{project}/documents?format=jsonl&source=crawler",
            new StringContent("{\"text\":\"Buy now\",\"label\":\"spam\"}\n{\"text\":\"Lunch?\"}\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        var task = await client.GetAsync($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(HttpStatusCode.OK, task.StatusCode);
        Assert.Equal(1, app.LeaseCount);
    }

    [Fact]
    public async Task A_link_from_another_site_opens_the_web_page_but_not_the_api()
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        Browser(page, site: "cross-site", mode: "navigate", dest: "document");
        var pageAnswer = await app.CreateClient().SendAsync(page);
        Assert.NotEqual(HttpStatusCode.Forbidden, pageAnswer.StatusCode);
        Assert.NotEqual(HttpStatusCode.MisdirectedRequest, pageAnswer.StatusCode);

        using var framed = new HttpRequestMessage(HttpMethod.Get, "/");
        Browser(framed, site: "cross-site", mode: "navigate", dest: "iframe");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient().SendAsync(framed)).StatusCode);

        var project = await app.CreateProjectAsync();
        await app.SeedDocumentsAsync(project, ["first"]);
        using var api = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{project}/tasks/next");
        Browser(api, site: "cross-site", mode: "navigate", dest: "document");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient().SendAsync(api)).StatusCode);
        Assert.Equal(0, app.LeaseCount);
    }

    [Fact]
    public async Task Every_answer_forbids_framing_sniffing_and_foreign_scripts()
    {
        var client = app.CreateClient();
        foreach (var path in new[] { "/api/v1/projects", "/api/v1/nothing-here" })
        {
            var answer = await client.GetAsync(path);
            Assert.Equal("DENY", answer.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("same-origin", answer.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        using var refused = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        refused.Headers.Host = "evil.example";
        Assert.Equal("DENY", (await client.SendAsync(refused)).Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("tagloop.internal", null)]
    [InlineData("10.1.2.3", null)]
    [InlineData("::1", null)]
    [InlineData("http://tagloop.internal", "not a host name")]
    [InlineData("tagloop.internal:8080", "not a host name")]
    [InlineData("", "not a host name")]
    [InlineData("a b", "not a host name")]
    public void Allowed_host_names_are_checked(string name, string? problem)
    {
        var found = AllowedHosts.Problem(name);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_bad_allowed_host_stops_the_server_from_starting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TagloopServer.Build([], b =>
            Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(
                b.Configuration, new Dictionary<string, string?> { ["Tagloop:AllowedHosts:0"] = "https://x.example/" })));
        Assert.Contains("https://x.example/", error.Message, StringComparison.Ordinal);
    }

    private static object NewProject(string name) => new { name, labels = new[] { new { name = "a" }, new { name = "b" } } };

    private static void Browser(HttpRequestMessage request, string site, string mode, string dest, string? origin = null)
    {
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", site);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", mode);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Dest", dest);
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }
    }

    private async Task<int> CountAsync<T>(Func<TagloopDbContext, IQueryable<T>> set)
    {
        using var scope = app.Services.CreateScope();
        return await set(scope.ServiceProvider.GetRequiredService<TagloopDbContext>()).CountAsync();
    }
}
