using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>The Model tab in real Chromium: figures after labelling, then live updates pushed by the server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelTabTests(BrowserFixture browser) : IDisposable
{
    private const float Patience = 60_000;

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task After_twelve_labels_the_model_tab_shows_the_learning_curve_and_confusion_matrix_and_updates_itself()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "api");
        var created = await http.PostAsJsonAsync("/api/v1/projects", new { name = "Mail", encoder = "tfidf", labels = new[] { new { name = "spam", key = "s" }, new { name = "ham", key = "h" } } });
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var texts = Enumerable.Range(1, 10).Select(i => $"Win a free prize {i}, claim your cash reward now")
            .Concat(Enumerable.Range(1, 10).Select(i => $"Minutes of meeting {i} and the agenda for next week")).ToList();
        using var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), System.Text.Encoding.UTF8, "application/x-ndjson");
        (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        // Before any label the tab says, in plain words, what the model waits for.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/model");
        await Expect(page.GetByTestId("model-message")).ToContainTextAsync("two documents have two different labels");

        // Label twelve documents with the keyboard.
        await page.GetByTestId("tab-annotate").ClickAsync();
        var docText = page.GetByTestId("doc-text");
        var previous = "";
        for (var i = 0; i < 12; i++)
        {
            await Expect(docText).Not.ToHaveTextAsync(previous);
            previous = (await docText.InnerTextAsync()).Trim();
            await page.Keyboard.PressAsync(previous.StartsWith("Win", StringComparison.Ordinal) ? "s" : "h");
            await page.Keyboard.PressAsync("Enter");
        }

        await Expect(page.GetByTestId("project-stats")).ToContainTextAsync("12 of 20 documents labelled");

        await page.GetByTestId("tab-model").ClickAsync();
        await Expect(page.GetByTestId("learning-curve")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(page.GetByTestId("confusion")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(page.GetByTestId("per-label").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("model-accuracy")).ToContainTextAsync("%");

        // Labels given elsewhere reach the open tab through the event stream, without a reload.
        var unlabelled = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?filter=unlabelled&pageSize=3");
        foreach (var item in unlabelled.GetProperty("items").EnumerateArray())
        {
            var label = item.GetProperty("text").GetString()!.StartsWith("Win", StringComparison.Ordinal) ? "spam" : "ham";
            (await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId = item.GetProperty("id").GetInt64(), labels = new[] { label } })).EnsureSuccessStatusCode();
        }

        await Expect(page.GetByTestId("label-counts")).ToContainTextAsync("15 of 20 documents labelled", new() { Timeout = Patience });
        await Expect(page.GetByTestId("model-updated").Locator("..")).ToContainTextAsync("learnt from 15 labelled documents", new() { Timeout = Patience });

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/model-tab.png", FullPage = true });
        Assert.Empty(pageErrors);
    }
}
