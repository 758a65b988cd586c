using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// The Team tab in real Chromium: what to do while nobody shares a document, then agreement figures checked against a
/// hand-worked case as answers arrive over the event stream; hostile names stay text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamTabTests(BrowserFixture browser) : IDisposable
{
    private const float Patience = 30_000;

    private const string Shots = "/tmp/ui-shots";

    /// <summary>Label names are free text: this one would set the title if the page read it as HTML.</summary>
    private const string HostileLabel = "<img src=x onerror=\"document.title='pwned'\">";

    /// <summary>
    /// Annotator names are limited to letters, digits, spaces and . - _ @, so markup cannot be one; this one is as hostile
    /// as the rule allows: non-ASCII, the names of JavaScript's object internals, and a 60-letter word with no break.
    /// </summary>
    private static readonly string HostileAnnotator = "Zoë __proto__ constructor toString " + new string('W', 60);

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task The_team_tab_says_what_to_do_then_shows_agreement_that_matches_a_hand_worked_case_and_follows_new_answers()
    {
        Directory.CreateDirectory(Shots);
        var projectId = await server.CreateProjectAsync("Mail", "spam", "ham", HostileLabel);
        using var ana = Client("ana");
        string[] texts = ["Win a free prize now", "Cheap pills, limited offer", "Minutes of Monday's meeting", "Lunch on Friday?"];
        using (var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), Encoding.UTF8, "application/x-ndjson"))
        {
            (await ana.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
        }

        var listed = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?pageSize=10");
        var ids = listed.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("id").GetInt64());
        var documents = texts.Select(t => ids[t]).ToArray();

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Location.Contains(HostileTextChecks.ProbeMarker, StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        // A fresh project: nobody shares a document, and the tab says what to do in plain words.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/model");
        await page.GetByTestId("tab-team").ClickAsync();
        await Expect(page.GetByTestId("team-headline")).ToHaveTextAsync("No document has been labelled by two or more people yet.");
        await Expect(page.GetByTestId("team-empty")).ToContainTextAsync("“Annotating as”");
        await Expect(page.GetByTestId("team-empty")).ToContainTextAsync("Browse tab");
        await Expect(page.GetByTestId("team-empty")).ToContainTextAsync("its queue gives each document to one person only");
        Assert.Equal("Mail · Team · Tagloop", await page.TitleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/team-empty.png", FullPage = true });

        // One person alone shares nothing yet.
        await AnswerAsync(ana, projectId, documents, ["spam", "spam", "ham", "ham"]);
        await Expect(page.GetByTestId("project-stats")).ToContainTextAsync("4 of 4 documents labelled", new() { Timeout = Patience });
        await Expect(page.GetByTestId("team-empty")).ToBeVisibleAsync();

        // Hand-worked: ana [spam, spam, ham, ham], bo [spam, ham, ham, ham]. They agree on 3 of 4 (75%). Cohen's κ: chance
        // agreement 0.5·0.25 + 0.5·0.75 = 0.5, so κ = (0.75 − 0.5) / (1 − 0.5) = 0.50. Krippendorff's α: 8 values, 3 spam and
        // 5 ham; 2 disagreeing pairs of values out of 8, expected 2·3·5 / (8·7) = 30/56, so α = 1 − (2/8) / (30/56) = 0.53.
        using var bo = Client("bo");
        await AnswerAsync(bo, projectId, documents, ["spam", "ham", "ham", "ham"]);

        await Expect(page.GetByTestId("team-headline")).ToHaveTextAsync("4 documents were labelled by two or more people, 2 people in all.", new() { Timeout = Patience });
        await Expect(page.GetByTestId("team-alpha")).ToHaveTextAsync("0.53");
        await Expect(page.GetByTestId("team-reading")).ToHaveTextAsync("weak");
        await Expect(page.GetByTestId("team-reading-sentence")).ToContainTextAsync("Weak:");
        await Expect(page.GetByTestId("team-fleiss")).ToHaveTextAsync("0.47");
        var pairs = page.GetByTestId("team-pairs").Locator("tbody tr");
        await Expect(pairs).ToHaveCountAsync(1);
        await Expect(pairs.Locator("th, td")).ToHaveTextAsync(new Regex[] { new("^ana$"), new("^bo$"), new("^4$"), new("^75%$"), new("^0\\.50$"), new("^−?\\d\\.\\d\\d to \\d\\.\\d\\d$") });
        var labels = page.GetByTestId("team-per-label").Locator("tbody tr");
        await Expect(labels).ToHaveCountAsync(3);
        await Expect(labels.Nth(0).Locator("td").First).ToHaveTextAsync("0.53");
        await Expect(labels.Nth(2).Locator("th")).ToHaveTextAsync(HostileLabel);

        // Nobody gave the third label: no figure, and the reason as a tooltip and a note.
        var missing = labels.Nth(2).Locator("td").First;
        await Expect(missing).ToHaveTextAsync("—");
        await Expect(missing).ToHaveAttributeAsync("title", new Regex("everybody answered the same way for this label"));
        await Expect(page.GetByTestId("team-annotators").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("team-annotators").Locator("tbody tr").First.Locator("th, td")).ToHaveTextAsync(["ana", "4", "75%", "0.50"]);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/team-figures.png", FullPage = true });

        // Markup cannot be an annotator's name; the most hostile name the rule allows arrives live and stays text.
        using (var html = Client("api"))
        {
            html.DefaultRequestHeaders.Remove("X-Tagloop-Annotator");
            html.DefaultRequestHeaders.TryAddWithoutValidation("X-Tagloop-Annotator", "<b>x</b>");
            var refused = await html.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId = documents[0], labels = new[] { "spam" } });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using var zoe = Client(HostileAnnotator);
        await AnswerAsync(zoe, projectId, documents[..1], ["spam"]);
        await Expect(page.GetByTestId("team-headline")).ToHaveTextAsync("4 documents were labelled by two or more people, 3 people in all.", new() { Timeout = Patience });
        await Expect(pairs).ToHaveCountAsync(3);
        var zoeRow = page.GetByTestId("team-annotators").Locator("tbody tr").Filter(new() { HasText = "Zoë" });
        await Expect(zoeRow.Locator("th")).ToHaveTextAsync(HostileAnnotator);

        // One shared document on which both said spam: κ is undefined, shown as a dash with the reason.
        var withZoe = pairs.Filter(new() { HasText = "Zoë" }).First;
        await Expect(withZoe.Locator("td").Nth(3)).ToHaveTextAsync("—");
        await Expect(withZoe.Locator("td").Nth(3)).ToHaveAttributeAsync("title", new Regex("only one and the same answer"));
        Assert.Equal(0, await page.Locator("#app img, #app b").CountAsync());

        // The long name wraps inside its column: nothing runs off the page.
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        Assert.False(overflow, "the Team tab is wider than the window");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/team-three.png", FullPage = true });
        await page.SetViewportSizeAsync(760, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/team-narrow.png", FullPage = true });

        await HostileTextChecks.AssertNothingRanAsync(page);
        Assert.Empty(errors);
    }

    /// <summary>An API client that answers as <paramref name="annotator"/>, whose name goes out as UTF-8 like the page sends it.</summary>
    private HttpClient Client(string annotator)
    {
        var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        var http = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", annotator);
        return http;
    }

    private static async Task AnswerAsync(HttpClient http, int projectId, IReadOnlyList<long> documents, IReadOnlyList<string> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            var answered = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId = documents[i], labels = new[] { labels[i] } });
            Assert.True(answered.IsSuccessStatusCode, $"{answered.StatusCode}: {await answered.Content.ReadAsStringAsync()}");
        }
    }
}
