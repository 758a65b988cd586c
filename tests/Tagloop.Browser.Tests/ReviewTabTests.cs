using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// The Review tab and the document's final label and comments in real Chromium, without accounts: two people disagree,
/// the reviewer sets the final label, the document says so in words, and a comment with markup in it stays text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewTabTests(BrowserFixture browser) : IDisposable
{
    private const string Shots = "/tmp/ui-shots";

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_disagreement_is_reviewed_its_final_label_is_shown_on_the_document_and_a_comment_stays_text()
    {
        Directory.CreateDirectory(Shots);
        var projectId = await server.CreateProjectAsync("Mail", "spam", "ham");
        using var ana = Client("ana");
        string[] texts = ["Win a free prize now", "Minutes of Monday's meeting"];
        using (var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), Encoding.UTF8, "application/x-ndjson"))
        {
            (await ana.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
        }

        var listed = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?pageSize=10");
        var ids = listed.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("id").GetInt64());
        var disputed = ids[texts[0]];
        var agreed = ids[texts[1]];

        using var bo = Client("bo");
        await AnswerAsync(ana, projectId, disputed, "spam");
        await AnswerAsync(bo, projectId, disputed, "ham");
        await AnswerAsync(ana, projectId, agreed, "ham");
        await AnswerAsync(bo, projectId, agreed, "ham");

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await context.AddInitScriptAsync("localStorage.setItem('tagloop.annotator', 'rita')");
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        // Without accounts everyone acts as an owner, so the tab is there.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/browse");
        await page.GetByTestId("tab-review").ClickAsync();
        await Expect(page).ToHaveTitleAsync("Mail · Review · Tagloop");

        var item = page.Locator($"[data-testid=review-item][data-document-id=\"{disputed}\"]");
        await Expect(item).ToBeVisibleAsync();
        await Expect(item.GetByTestId("review-text")).ToHaveTextAsync(texts[0]);
        await Expect(item.GetByTestId("review-reason")).ToContainTextAsync(["Disagreement"]);
        await Expect(item.GetByTestId("review-answer")).ToHaveTextAsync(["ana: spam", "bo: ham"]);
        await Expect(item.GetByTestId("review-final")).ToContainTextAsync("undecided: answers disagree");
        await Expect(page.Locator($"[data-testid=review-item][data-document-id=\"{agreed}\"] [data-testid=review-reason]", new() { HasText = "Disagreement" })).ToHaveCountAsync(0);

        await page.GetByTestId("review-filter-disagreement").ClickAsync();
        await Expect(page.GetByTestId("review-filter-disagreement")).ToHaveTextAsync("Disagreement (1)");
        await Expect(page.GetByTestId("review-filter-disagreement")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByTestId("review-item")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/review.png", FullPage = true });

        // A final label with a note: the item leaves the list.
        await item.GetByTestId("review-note").FillAsync("A prize out of nowhere is spam.");
        await item.GetByTestId("review-set-spam").ClickAsync();
        await Expect(item).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("review-done")).ToHaveTextAsync($"Final label for document #{disputed} set to spam.");
        await Expect(page.GetByTestId("review-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("review-filter-disagreement")).ToHaveTextAsync("Disagreement (0)");

        // The document says how its final label was decided, and takes a comment whose markup stays text.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/documents/{disputed}");
        await Expect(page.GetByTestId("document-final")).ToContainTextAsync("Final label: spam — decided by rita (review)");
        await Expect(page.GetByTestId("comments-empty")).ToBeVisibleAsync();
        const string Comment = "@ana is this really spam? <b>x</b>";
        await page.GetByTestId("comment-box").FillAsync(Comment);
        await page.GetByTestId("comment-send").ClickAsync();
        await Expect(page.GetByTestId("comment-status")).ToHaveTextAsync("Comment added.");
        var comment = page.GetByTestId("comment");
        await Expect(comment).ToHaveCountAsync(1);
        await Expect(comment.GetByTestId("comment-text")).ToHaveTextAsync(Comment);
        await Expect(comment).ToContainTextAsync("rita");
        await Expect(comment.Locator("b")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("comment-box")).ToHaveValueAsync("");

        // After a reload the thread is still there.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("comment-text")).ToHaveTextAsync([Comment]);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/document-final-comments.png", FullPage = true });

        Assert.Empty(errors);
    }

    private HttpClient Client(string annotator)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", annotator);
        return http;
    }

    private static async Task AnswerAsync(HttpClient http, int projectId, long documentId, string label)
    {
        var answered = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId, labels = new[] { label } });
        Assert.True(answered.IsSuccessStatusCode, $"{answered.StatusCode}: {await answered.Content.ReadAsStringAsync()}");
    }
}
