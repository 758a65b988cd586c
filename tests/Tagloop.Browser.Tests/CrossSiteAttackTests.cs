using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tagloop.Core;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// Each way another web page can reach the loopback server, driven in real Chromium: the page fires the attack, says
/// so in its DOM, and then the server's own state and log show the request arrived, was refused, and changed nothing.
/// The attacker is a second real server on <c>localhost</c>, a different site from Tagloop on <c>127.0.0.1</c>, so
/// what Tagloop judges are the Sec-Fetch and Origin headers Chromium itself chose to send.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossSiteAttackTests(BrowserFixture browser) : IDisposable
{
    private const string ProjectName = "Secret mail triage";

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task An_image_on_another_site_cannot_lease_a_document()
    {
        var (project, _) = await SeedAsync();

        // Tagloop answers with a problem, not an image; what matters is that the request arrived and leased nothing.
        Assert.Equal("image failed", await FireFromAnotherSiteAsync(CrossSiteAttacks.LeaseWithImage, project));

        Assert.Equal(0, server.LeaseCount);
        AssertRefusedCrossSite("GET", $"/api/v1/projects/{project}/tasks/next");
    }

    [Fact]
    public async Task A_text_plain_form_on_another_site_cannot_import_documents()
    {
        var (project, _) = await SeedAsync();

        Assert.Equal("form answered", await FireFromAnotherSiteAsync(CrossSiteAttacks.ImportWithForm, project));

        Assert.Equal(2, await CountAsync(db => db.Documents));
        AssertRefusedCrossSite("POST", $"/api/v1/projects/{project}/documents");
    }

    [Fact]
    public async Task A_no_cors_fetch_on_another_site_cannot_import_documents()
    {
        var (project, _) = await SeedAsync();

        // The request is sent; Chromium then withholds the answer (Cross-Origin-Resource-Policy), so the fetch fails.
        Assert.Equal("blocked TypeError", await FireFromAnotherSiteAsync(CrossSiteAttacks.ImportWithNoCorsFetch, project));

        Assert.Equal(2, await CountAsync(db => db.Documents));
        AssertRefusedCrossSite("POST", $"/api/v1/projects/{project}/documents");
    }

    [Fact]
    public async Task A_no_cors_fetch_on_another_site_cannot_annotate()
    {
        var (project, document) = await SeedAsync();

        Assert.Equal("blocked TypeError", await FireFromAnotherSiteAsync(CrossSiteAttacks.AnnotateWithNoCorsFetch, project, document));

        Assert.Equal(0, await CountAsync(db => db.Annotations));

        // The endpoint takes JSON only, so it would not record this either; the log shows the guard refused it first.
        AssertRefusedCrossSite("POST", $"/api/v1/projects/{project}/annotations");
    }

    [Fact]
    public async Task A_script_on_another_site_cannot_read_the_projects()
    {
        var (project, _) = await SeedAsync();

        var outcome = await FireFromAnotherSiteAsync(CrossSiteAttacks.ReadProjects, project);

        Assert.Equal("blocked TypeError", outcome);
        AssertRefusedCrossSite("GET", "/api/v1/projects");
    }

    [Fact]
    public async Task Another_site_cannot_show_tagloop_in_a_frame()
    {
        var (project, _) = await SeedAsync();
        await using var attacker = await AttackerSite.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(attacker.Serve("/frame.html", AttackPage(CrossSiteAttacks.Frame, project)).ToString());
        await Expect(page.Locator("#fired")).ToHaveTextAsync("frame loaded");

        // Chromium puts its own error page in the frame (frame-ancestors 'none', X-Frame-Options DENY).
        var frame = page.Frames.Single(f => f.Name == "framed-tagloop");
        Assert.False(frame.Url.StartsWith(server.BaseAddress.ToString(), StringComparison.Ordinal), $"The frame shows {frame.Url}");
        Assert.DoesNotContain("Tagloop", await frame.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await frame.Locator("#app").CountAsync());
        AssertRefusedCrossSite("GET", "/");
    }

    [Fact]
    public async Task A_link_on_another_site_still_opens_tagloop()
    {
        var (project, _) = await SeedAsync();
        await using var attacker = await AttackerSite.StartAsync();
        var target = new Uri(server.BaseAddress, $"#/projects/{project}/browse");
        var link = attacker.Serve("/link.html", $"""<!doctype html><link rel="icon" href="data:,"><a id="link" href="{target}">Open Tagloop</a>""");
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(link.ToString());
        await page.Locator("#link").ClickAsync();

        await Expect(page.GetByTestId("browse-row")).ToHaveCountAsync(2);
        Assert.Empty(server.GuardLog.Messages);
    }

    [Fact]
    public async Task A_page_whose_name_is_rebound_to_loopback_can_neither_read_nor_write()
    {
        await SeedAsync();
        var rebound = new Uri($"http://{BrowserFixture.ReboundName}:{server.BaseAddress.Port}/");
        await using var attacker = await AttackerSite.StartAsync();
        var firstAnswer = attacker.Serve("/rebound.html", CrossSiteAttacks.Page(CrossSiteAttacks.CallOwnOrigin, new { }));
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // The first visit to evil.example:PORT is answered by the attacker's own server (Playwright sends that one
        // request there; the page keeps its evil.example address). Then the name resolves to 127.0.0.1 (the resolver
        // rule in BrowserFixture), so the page's same-origin requests reach Tagloop on the same port. The attacker
        // server is on loopback because Chromium itself blocks a public page's requests to loopback (Private Network
        // Access); Firefox and Safari do not, so the guard must hold on its own.
        await page.RouteAsync(rebound.ToString(), route => route.ContinueAsync(new RouteContinueOptions { Url = firstAnswer.ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal) }));
        await page.GotoAsync(rebound.ToString());
        Assert.Equal(rebound.ToString(), page.Url);
        var outcome = page.Locator("#fired");
        await Expect(outcome).ToContainTextAsync("| create");

        var seen = await outcome.TextContentAsync() ?? "";
        Assert.StartsWith("read 421 ", seen, StringComparison.Ordinal);
        Assert.Contains("| create 421 ", seen, StringComparison.Ordinal);
        Assert.DoesNotContain(ProjectName, seen, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(db => db.Projects));

        // Chromium sends no Sec-Fetch headers to a plain-http name, and a same-origin GET carries no Origin: only the
        // Host check stands between this page and the data.
        AssertRefused("GET", "/api/v1/projects", "Host", $"Host '{rebound.Authority}', Origin '', Sec-Fetch-Site ''");
        AssertRefused("POST", "/api/v1/projects", "Host", $"Host '{rebound.Authority}', Origin 'http://{rebound.Authority}'");
    }

    [Fact]
    public async Task Opening_tagloop_under_a_rebound_name_shows_a_misdirected_request_problem_not_the_ui()
    {
        var rebound = new Uri($"http://{BrowserFixture.ReboundName}:{server.BaseAddress.Port}/");
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var answer = await page.GotoAsync(rebound.ToString());

        Assert.NotNull(answer);
        Assert.Equal(421, answer.Status);
        var problem = JsonSerializer.Deserialize<JsonElement>(await answer.TextAsync());
        Assert.Equal("This server does not answer to that name.", problem.GetProperty("title").GetString());
        Assert.Equal(0, await page.Locator("#app").CountAsync());
        AssertRefused("GET", "/", "Host", $"Host '{rebound.Authority}'");
    }

    [Fact]
    public async Task The_same_requests_from_tagloops_own_page_succeed()
    {
        var (project, document) = await SeedAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        var arguments = new { target = server.BaseAddress.ToString(), project, document };

        var read = await page.EvaluateAsync<string>(CrossSiteAttacks.ReadProjects, arguments);
        Assert.StartsWith("read 200 ", read, StringComparison.Ordinal);
        Assert.Contains(ProjectName, read, StringComparison.Ordinal);

        Assert.Equal("image failed", await page.EvaluateAsync<string>(CrossSiteAttacks.LeaseWithImage, arguments));
        Assert.Equal(1, server.LeaseCount);

        Assert.Equal("form answered", await page.EvaluateAsync<string>(CrossSiteAttacks.ImportWithForm, arguments));
        Assert.Equal(1, await CountAsync(db => db.Documents.Where(d => d.Text == "pwned by a form")));

        Assert.Equal("basic 200", await page.EvaluateAsync<string>(CrossSiteAttacks.ImportWithNoCorsFetch, arguments));
        Assert.Equal(1, await CountAsync(db => db.Documents.Where(d => d.Text == "pwned by a script")));

        // The answer's JSON as text/plain is refused by the endpoint itself, not by the guard; as JSON it is recorded.
        var labelledOnImport = await CountAsync(db => db.Annotations);
        Assert.StartsWith("basic 4", await page.EvaluateAsync<string>(CrossSiteAttacks.AnnotateWithNoCorsFetch, arguments), StringComparison.Ordinal);
        Assert.Equal(labelledOnImport, await CountAsync(db => db.Annotations));
        var status = await page.EvaluateAsync<int>(
            """
            async ({ target, project, document: id }) => (await fetch(`${target}api/v1/projects/${project}/annotations`, {
              method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ documentId: id, labels: ['spam'] }) })).status
            """,
            arguments);
        Assert.Equal(201, status);
        Assert.Equal(labelledOnImport + 1, await CountAsync(db => db.Annotations));

        Assert.Empty(server.GuardLog.Messages);
    }

    /// <summary>A project with two labels and two documents, made through the API as a script would.</summary>
    private async Task<(int Project, long Document)> SeedAsync()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var created = await http.PostAsJsonAsync("/api/v1/projects", new { name = ProjectName, encoder = "tfidf", labels = new[] { new { name = "spam", key = "s" }, new { name = "ham", key = "h" } } });
        var project = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var lines = string.Join('\n', new[] { "Quarterly figures attached", "Lunch on Friday?" }.Select(t => JsonSerializer.Serialize(new { text = t })));
        using var body = new StringContent(lines, System.Text.Encoding.UTF8, "application/x-ndjson");
        (await http.PostAsync($"/api/v1/projects/{project}/documents", body)).EnsureSuccessStatusCode();
        var documents = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents");
        return (project, documents.GetProperty("items")[0].GetProperty("id").GetInt64());
    }

    private string AttackPage(string attack, int project, long document = 0) =>
        CrossSiteAttacks.Page(attack, new { target = server.BaseAddress.ToString(), project, document });

    /// <summary>Opens a page on the attacker's site that fires <paramref name="attack"/>; returns what the page saw once it has.</summary>
    private async Task<string> FireFromAnotherSiteAsync(string attack, int project, long document = 0)
    {
        await using var attacker = await AttackerSite.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(attacker.Serve("/prize.html", AttackPage(attack, project, document)).ToString());
        var fired = page.Locator("#fired");
        await Expect(fired).ToBeAttachedAsync();
        return await fired.TextContentAsync() ?? "";
    }

    private async Task<int> CountAsync<T>(Func<TagloopDbContext, IQueryable<T>> query)
    {
        using var scope = server.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<TagloopDbContext>()).CountAsync();
    }

    /// <summary>The guard logged refusing this request with the headers Chromium sends for another site's page.</summary>
    private void AssertRefusedCrossSite(string method, string path) =>
        AssertRefused(method, path, "FetchMetadata", "Sec-Fetch-Site 'cross-site'");

    private void AssertRefused(string method, string path, string reason, string detail)
    {
        var messages = server.GuardLog.Messages;
        Assert.True(
            messages.Any(m => m.StartsWith($"Refused {method} {path} ({reason})", StringComparison.Ordinal) && m.Contains(detail, StringComparison.Ordinal)),
            $"No refusal of {method} {path} ({reason}, {detail}) in the log:\n{string.Join('\n', messages)}");
    }
}
