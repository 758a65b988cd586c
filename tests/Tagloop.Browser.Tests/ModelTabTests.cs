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

    [Fact]
    public async Task After_forty_labels_the_model_tab_says_the_task_is_learnable_and_links_a_confusable_label_to_its_merge()
    {
        var projectId = await server.CreateProjectAsync("Letters", "invoice", "meeting", "rental", "lease");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "api");
        // Two labels anyone can tell apart, and two given to the same kind of letter.
        var texts = Enumerable.Range(0, 10).Select(i => ($"Invoice number {i}: payment due for the amount owed", "invoice"))
            .Concat(Enumerable.Range(0, 10).Select(i => ($"Minutes of the board meeting and agenda item {i}", "meeting")))
            .Concat(Enumerable.Range(0, 24).Select(i => ($"The flat on street {i} is let for a monthly rent", i < 14 ? "rental" : "lease"))).ToList();
        using var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t.Item1 }))), System.Text.Encoding.UTF8, "application/x-ndjson");
        (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
        var documents = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?pageSize=100");
        var ids = documents.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("id").GetInt64());
        foreach (var (text, label) in texts)
        {
            (await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId = ids[text], labels = new[] { label } })).EnsureSuccessStatusCode();
        }

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/model");
        await Expect(page.GetByTestId("model-updated").Locator("..")).ToContainTextAsync("learnt from 44 labelled documents", new() { Timeout = Patience });
        await Expect(page.GetByTestId("feasibility-verdict")).ToHaveTextAsync("The task looks learnable", new() { Timeout = Patience });
        await Expect(page.GetByTestId("feasibility-text")).ToContainTextAsync("(32% →");
        await Expect(page.GetByTestId("difficulty-row")).ToHaveCountAsync(4);
        var lease = page.Locator("[data-testid=difficulty-row][data-label=lease]");
        await Expect(lease.GetByTestId("difficulty-note")).ToContainTextAsync("consider merging “lease” into “rental”", new() { Timeout = Patience });
        await Expect(lease.GetByTestId("difficulty-curve")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/label-difficulty.png", FullPage = true });
        await page.GetByTestId("label-difficulty").ScreenshotAsync(new LocatorScreenshotOptions { Path = "/tmp/label-difficulty-section.png" });

        // The link opens Settings → Labels with the merge of "lease" into "rental" ready to confirm.
        await lease.GetByTestId("difficulty-link").ClickAsync();
        var merge = page.Locator("[data-testid=label-item][data-label=lease]").GetByTestId("merge-confirm");
        await Expect(merge).ToBeVisibleAsync();
        await Expect(merge.GetByTestId("merge-into").Locator("option:checked")).ToHaveTextAsync("rental");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/label-difficulty-merge.png" });
        Assert.Empty(pageErrors);
    }
}
