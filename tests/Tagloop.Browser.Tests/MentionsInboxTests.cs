using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// The mentions inbox in real Chromium, with accounts: a reviewer's comment mentions an annotator, who sees a badge,
/// opens the inbox, follows the link to the document and finds the comment picked out; what she has seen is no longer
/// new, a later mention is; text from users stays text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MentionsInboxTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Shots = "/tmp/ui-shots";

    private const string Password = "orange tram at dusk";

    /// <summary>A document whose text would set the title if a page read it as HTML.</summary>
    private const string HostileDocument = "The supplier <img src=x onerror=\"document.title='pwned'\"> shall indemnify the buyer against every claim arising from defects in the goods, whether known at delivery or found later, for five years.";

    private const string Comment = "@anna is this an indemnity clause or a warranty? <b>check</b> <img src=x onerror=\"document.title='pwned'\">";

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
    public async Task A_mentioned_annotator_sees_a_badge_opens_the_inbox_and_follows_it_to_the_comment_on_the_document()
    {
        Directory.CreateDirectory(Shots);
        var projectId = await server.CreateProjectAsync("Contracts", "indemnity", "warranty");
        string[] texts = [HostileDocument, "Payment is due within 30 days of the invoice."];
        using (var http = new HttpClient { BaseAddress = server.BaseAddress })
        {
            using var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), Encoding.UTF8, "application/x-ndjson");
            (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
        }

        foreach (var (name, role) in new[] { ("rita", "reviewer"), ("anna", "annotator"), ("bo", "annotator") })
        {
            await server.AddUserAsync(name, Password);
            await server.AddMemberAsync(projectId, name, role);
        }

        using var ritaApi = await server.ClientAsAsync("rita");
        var listed = await ritaApi.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?pageSize=10");
        var ids = listed.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("id").GetInt64());
        var clause = ids[texts[0]];
        var payment = ids[texts[1]];

        // Rita writes a comment mentioning Anna on the document's page; another, for Bo only, goes through the API.
        var errors = new List<string>();
        var rita = await OpenAsync("rita", errors);
        await rita.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/documents/{clause}");
        await rita.GetByTestId("comment-box").FillAsync(Comment);
        await rita.GetByTestId("comment-send").ClickAsync();
        await Expect(rita.GetByTestId("comment-status")).ToHaveTextAsync("Comment added.");
        await PostCommentAsync(ritaApi, projectId, payment, "@bo can you check the due date?");

        // Anna sees a badge on the project's Mentions tab, saying what it counts.
        var anna = await OpenAsync("anna", errors);
        await anna.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/annotate");
        var badge = anna.GetByTestId("mentions-badge");
        await Expect(badge).ToHaveTextAsync("1");
        await Expect(badge).ToHaveAttributeAsync("title", "1 new comment mentions you");

        // The inbox: Rita's comment as text, the start of the document, and the comment is new; Bo's is not hers.
        await anna.GetByTestId("tab-mentions").ClickAsync();
        await Expect(anna).ToHaveTitleAsync("Contracts · Mentions · Tagloop");
        await Expect(anna.GetByTestId("mentions-summary")).ToHaveTextAsync("1 comment mentions you; 1 is new since you last looked.");
        var item = anna.GetByTestId("mention");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.GetByTestId("mention-new")).ToHaveTextAsync("New");
        await Expect(item.GetByTestId("mention-author")).ToHaveTextAsync("rita");
        await Expect(item.GetByTestId("mention-text")).ToHaveTextAsync(Comment);
        await Expect(item.GetByTestId("mention-text").Locator("strong")).ToHaveTextAsync("@anna");
        await Expect(item.GetByTestId("mention-excerpt")).ToHaveTextAsync(new Regex("^The supplier <img src=x onerror=\"document\\.title='pwned'\"> shall indemnify .* …$"));
        await Expect(item).ToContainTextAsync($"mentioned you in a comment on document #{clause}");
        await Expect(anna.GetByTestId("mentions-list")).Not.ToContainTextAsync("due date");
        Assert.Equal(0, await anna.Locator("#app img, #app b").CountAsync());

        // Looking at the inbox is looking: the badge is gone.
        await Expect(badge).ToBeHiddenAsync();

        // The link opens the document with the comment picked out, and leads back to the inbox.
        await item.GetByTestId("mention-open").ClickAsync();
        await Expect(anna).ToHaveURLAsync(new Regex($"#/projects/{projectId}/documents/{clause}\\?comment=\\d+&from=mentions$"));
        await Expect(anna.GetByTestId("doc-text")).ToHaveTextAsync(HostileDocument);
        await Expect(anna.GetByTestId("tab-mentions")).ToHaveAttributeAsync("aria-current", "page");
        var picked = anna.Locator("[data-testid=comment][aria-current=true]");
        await Expect(picked).ToHaveCountAsync(1);
        await Expect(picked).ToHaveClassAsync("highlight");
        await Expect(picked.GetByTestId("comment-text")).ToHaveTextAsync(Comment);
        await Expect(picked).ToContainTextAsync("rita");
        await Expect(picked).ToBeInViewportAsync();
        await Expect(anna.GetByTestId("mentions-badge")).ToBeHiddenAsync();
        await anna.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/mentions-document.png", FullPage = true });
        await Expect(anna.GetByTestId("document-delete")).ToHaveCountAsync(0);
        await HostileTextChecks.AssertNothingRanAsync(anna);
        await anna.GetByTestId("document-back").ClickAsync();
        await Expect(anna.GetByTestId("mentions-summary")).ToHaveTextAsync("1 comment mentions you. Nothing new since you last looked.");
        await Expect(anna.GetByTestId("mention-new")).ToHaveCountAsync(0);

        // A later mention is new again: the badge comes back on the next page, and only it is marked new.
        await PostCommentAsync(ritaApi, projectId, payment, "@Anna does the 30-day term also bind the supplier?");
        await anna.GetByTestId("tab-browse").ClickAsync();
        await Expect(anna.GetByTestId("mentions-badge")).ToHaveTextAsync("1");
        await anna.GetByTestId("tab-mentions").ClickAsync();
        await Expect(anna.GetByTestId("mention")).ToHaveCountAsync(2);
        await Expect(anna.GetByTestId("mention-author")).ToHaveTextAsync(["rita", "rita"]);
        await Expect(anna.GetByTestId("mention").First.GetByTestId("mention-new")).ToBeVisibleAsync();
        await Expect(anna.GetByTestId("mention").First.GetByTestId("mention-excerpt")).ToHaveTextAsync(texts[1]);
        await Expect(anna.GetByTestId("mention").Nth(1).GetByTestId("mention-new")).ToHaveCountAsync(0);
        await Expect(anna.GetByTestId("mentions-summary")).ToHaveTextAsync("2 comments mention you; 1 is new since you last looked.");
        await anna.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/mentions-inbox.png", FullPage = true });

        // Bo has his own inbox, with his mention only.
        var bo = await OpenAsync("bo", errors);
        await bo.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/mentions");
        await Expect(bo.GetByTestId("mention-text")).ToHaveTextAsync(["@bo can you check the due date?"]);

        await HostileTextChecks.AssertNothingRanAsync(anna);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Without_accounts_the_inbox_is_for_the_name_typed_under_annotating_as()
    {
        var projectId = await server.CreateProjectAsync("Contracts", "indemnity", "warranty");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using (var body = new StringContent(JsonSerializer.Serialize(new { text = "The buyer may withhold payment." }), Encoding.UTF8, "application/x-ndjson"))
        {
            (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
        }

        var documentId = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents")).GetProperty("items")[0].GetProperty("id").GetInt64();

        // Without accounts a mention names someone who has annotated in the project.
        http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "ana");
        (await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId, labels = new[] { "warranty" } })).EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Remove("X-Tagloop-Annotator");
        http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "bo");
        await PostCommentAsync(http, projectId, documentId, "@ana why a warranty?");

        var errors = new List<string>();
        var context = await browser.Browser.NewContextAsync();
        contexts.Add(context);
        await context.AddInitScriptAsync("localStorage.setItem('tagloop.annotator', 'ana')");
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/browse");
        await Expect(page.GetByTestId("mentions-badge")).ToHaveTextAsync("1");
        await page.GetByTestId("tab-mentions").ClickAsync();
        await Expect(page.GetByTestId("mention-author")).ToHaveTextAsync(["bo"]);
        await Expect(page.GetByTestId("mention-text")).ToHaveTextAsync(["@ana why a warranty?"]);

        // Someone else at the same browser has an inbox of their own.
        await page.GetByTestId("annotator-name").FillAsync("cy");
        await page.GetByTestId("annotator-name").PressAsync("Enter");
        await page.GetByTestId("tab-browse").ClickAsync();
        await page.GetByTestId("tab-mentions").ClickAsync();
        await Expect(page.GetByTestId("mentions-empty")).ToContainTextAsync("@cy");
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

    private static async Task PostCommentAsync(HttpClient http, int projectId, long documentId, string text)
    {
        var added = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/documents/{documentId}/comments", new { text });
        Assert.True(added.IsSuccessStatusCode, $"{added.StatusCode}: {await added.Content.ReadAsStringAsync()}");
    }
}
