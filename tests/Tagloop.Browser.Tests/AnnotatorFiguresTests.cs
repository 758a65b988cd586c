using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// The owners' table of figures per annotator on the Team tab, in real Chromium with accounts: a row per person with what
/// they did, following new answers; reviewers and annotators never see it; names and labels stay text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AnnotatorFiguresTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Shots = "/tmp/ui-shots";

    private const string Password = "orange tram at dusk";

    /// <summary>Label names are free text: this one would set the title if the page read it as HTML.</summary>
    private const string HostileLabel = "<img src=x onerror=\"document.title='pwned'\">";

    /// <summary>User names allow no markup; this one is as hostile as the rule allows: non-ASCII, JavaScript's object internals, a long word.</summary>
    private static readonly string Zoe = "Zoë __proto__ constructor " + new string('W', 40);

    private readonly LiveServer server = new();

    private readonly List<IBrowserContext> contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }

        server.Dispose();
    }

    [Fact]
    public async Task An_owner_sees_a_row_of_figures_per_annotator_that_follows_new_answers_and_nobody_else_sees_the_table()
    {
        Directory.CreateDirectory(Shots);
        var projectId = await server.CreateProjectAsync("Contracts", "clause", "definition", HostileLabel);
        string[] texts = ["The seller shall deliver the goods", "“Goods” means the items in Annex 1", "Payment is due within 30 days", "This agreement ends on 31 December"];
        using (var http = new HttpClient { BaseAddress = server.BaseAddress })
        {
            using var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), Encoding.UTF8, "application/x-ndjson");
            (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
        }

        foreach (var (name, role) in new[] { ("olivia", "owner"), ("rita", "reviewer"), ("anna", "annotator"), (Zoe, "annotator") })
        {
            await server.AddUserAsync(name, Password);
            await server.AddMemberAsync(projectId, name, role);
        }

        using var olivia = await server.ClientAsAsync("olivia");
        var listed = await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?pageSize=10");
        var ids = listed.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("id").GetInt64());
        var documents = texts.Select(t => ids[t]).ToArray();

        // Anna: two answers (4 s and 6 s) and a flagged skip. Zoë: one answer (3 s).
        using var anna = await server.ClientAsAsync("anna");
        using var zoe = await server.ClientAsAsync(Zoe);
        await PostAsync(anna, projectId, new { documentId = documents[0], labels = new[] { "clause" }, secondsSpent = 4.0 });
        await PostAsync(anna, projectId, new { documentId = documents[1], labels = new[] { "definition" }, secondsSpent = 6.0 });
        await PostAsync(anna, projectId, new { documentId = documents[2], skip = true, flag = true, flagNote = "Is a due date a clause?" });
        await PostAsync(zoe, projectId, new { documentId = documents[0], labels = new[] { "clause" }, secondsSpent = 3.0 });

        // The figures are the owners' alone, over the API too.
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync($"/api/v1/projects/{projectId}/annotators")).StatusCode);
        using (var rita = await server.ClientAsAsync("rita"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync($"/api/v1/projects/{projectId}/annotators")).StatusCode);
        }

        var errors = new List<string>();
        var owner = await OpenAsync("olivia", errors);
        await owner.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/team");
        var table = owner.GetByTestId("annotator-figures-table");
        await Expect(table.Locator("thead th")).ToHaveTextAsync(["Annotator", "Answers", "Skipped (%)", "Flagged (%)", "Median time per answer (s)", "Agrees with the model", "Agrees with final labels", "Last active"]);
        var rows = table.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var any = new Regex(".");
        await Expect(rows.Nth(0).Locator("th, td")).ToHaveTextAsync([new Regex("^anna$"), new Regex("^2$"), new Regex("^1 \\(33%\\)$"), new Regex("^1 \\(33%\\)$"), new Regex("^5$"), any, new Regex("^—$"), any]);
        await Expect(rows.Nth(1).Locator("th, td")).ToHaveTextAsync([new Regex($"^{Regex.Escape(Zoe)}$"), new Regex("^1$"), new Regex("^0 \\(0%\\)$"), new Regex("^0 \\(0%\\)$"), new Regex("^3$"), any, new Regex("^—$"), any]);
        await Expect(owner.GetByTestId("annotator-figures")).ToContainTextAsync("For owners only.");

        // A new answer arrives over the event stream and the row follows.
        await PostAsync(zoe, projectId, new { documentId = documents[3], labels = new[] { "clause" }, secondsSpent = 5.0 });
        await Expect(rows.Nth(1).Locator("td").First).ToHaveTextAsync("2", new() { Timeout = 30_000 });
        await Expect(rows.Nth(1).Locator("td").Nth(3)).ToHaveTextAsync("4");

        // The long name wraps inside the table: nothing runs off the page; markup in the label stays text.
        Assert.False(await owner.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"), "the Team tab is wider than the window");
        await Expect(owner.GetByTestId("team-per-label").Locator("tbody th").Filter(new() { HasText = "onerror" })).ToHaveTextAsync(HostileLabel);
        Assert.Equal(0, await owner.Locator("#app img").CountAsync());
        await owner.GetByTestId("annotator-figures").ScreenshotAsync(new LocatorScreenshotOptions { Path = $"{Shots}/team-annotator-figures.png" });
        await owner.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/team-owner.png", FullPage = true });
        await HostileTextChecks.AssertNothingRanAsync(owner);

        // A reviewer sees how far the team agrees, but not the figures per person.
        var reviewer = await OpenAsync("rita", errors);
        await reviewer.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/team");
        await Expect(reviewer.GetByTestId("team-headline")).ToBeVisibleAsync();
        await Expect(reviewer.GetByTestId("team-pairs")).ToContainTextAsync("anna");
        await Expect(reviewer.GetByTestId("annotator-figures")).ToHaveCountAsync(0);
        await Expect(reviewer.GetByText("For owners only.")).ToHaveCountAsync(0);

        // An annotator sees the members and a sentence, no figures at all.
        var annotator = await OpenAsync("anna", errors);
        await annotator.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/team");
        await Expect(annotator.GetByTestId("team-refused")).ToContainTextAsync("Only reviewers and owners can see how far the team agrees.");
        await Expect(annotator.GetByTestId("members-table").Locator("tbody tr").Filter(new() { HasText = "Zoë" }).Locator("th")).ToHaveTextAsync(Zoe);
        await Expect(annotator.GetByTestId("annotator-figures")).ToHaveCountAsync(0);
        await Expect(annotator.GetByTestId("annotator-figures-table")).ToHaveCountAsync(0);
        await HostileTextChecks.AssertNothingRanAsync(annotator);

        Assert.Empty(errors);
    }

    private async Task<IPage> OpenAsync(string name, List<string> errors)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => errors.Add($"{name}: {error}");
        await page.GotoAsync($"{server.BaseAddress}#/");
        await page.GetByTestId("signin-name").FillAsync(name);
        await page.GetByTestId("signin-password").FillAsync(Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("account-name")).ToHaveTextAsync(name);
        return page;
    }

    private static async Task PostAsync(HttpClient http, int projectId, object answer)
    {
        var answered = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", answer);
        Assert.True(answered.IsSuccessStatusCode, $"{answered.StatusCode}: {await answered.Content.ReadAsStringAsync()}");
    }
}
