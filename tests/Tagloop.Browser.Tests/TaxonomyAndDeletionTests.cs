using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// Changing the labels mid-project (add, rename, recolour, merge, split, delete) from the Settings tab, the relabel task a
/// split makes, and deleting documents (one, a search's worth, an import), in real Chromium; hostile text stays text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TaxonomyAndDeletionTests(BrowserFixture browser) : IDisposable
{
    private const string Hostile = "<img src=x onerror=\"document.title='pwned'\">";

    private const string Shots = "/tmp/ui-shots";

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Labels_are_added_renamed_merged_split_and_deleted_and_documents_and_imports_are_deleted_after_a_confirmation()
    {
        Directory.CreateDirectory(Shots);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "ann");
        var projectId = await server.CreateProjectAsync("Support", "billing", "bug", "question");

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // The refused key (400) and the changed selection (409) are answers the page shows in words.
            if (message.Type == "error" && !message.Location.Contains(HostileTextChecks.ProbeMarker, StringComparison.Ordinal)
                && !message.Text.Contains("status of 400", StringComparison.Ordinal) && !message.Text.Contains("status of 409", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        // An import through the page records the file's name; another comes over the API.
        var file = Path.Combine(server.DataDir, "tickets.jsonl");
        string[] tickets = ["My card was charged twice", "Please send the invoice again", "The app crashes on start", "How do I export my data?", "Printer on fire in room 4", "Printer out of paper"];
        await File.WriteAllLinesAsync(file, tickets.Select(t => JsonSerializer.Serialize(new { text = t })));
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/import");
        await Expect(page.GetByTestId("imports-section")).ToContainTextAsync("Nothing has been imported");
        await page.GetByTestId("import-file").SetInputFilesAsync(file);
        await page.GetByTestId("import-submit").ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("Imported 6 documents");
        await Expect(page.GetByTestId("import-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("import-row")).ToContainTextAsync("tickets.jsonl");
        using (var extra = new StringContent("{\"text\":\"Extra one\"}\n{\"text\":\"Extra two\"}\n", System.Text.Encoding.UTF8, "application/x-ndjson"))
        {
            (await http.PostAsync($"/api/v1/projects/{projectId}/documents?fileName=extra.jsonl", extra)).EnsureSuccessStatusCode();
        }

        var ids = await DocumentIdsAsync(http, projectId);
        await AnswerAsync(http, projectId, ids["My card was charged twice"], "billing");
        await AnswerAsync(http, projectId, ids["Please send the invoice again"], "billing");
        await AnswerAsync(http, projectId, ids["The app crashes on start"], "bug");
        await AnswerAsync(http, projectId, ids["How do I export my data?"], "question");
        await AnswerAsync(http, projectId, ids["Extra one"], "bug");

        // Settings: the labels as they are.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/settings");
        await Expect(page.GetByTestId("label-item")).ToHaveCountAsync(3);
        var labelsStatus = page.GetByTestId("labels-status");

        // Add a label (named with hostile text, which stays text), then rename and recolour it.
        await page.GetByTestId("new-label-name").FillAsync(Hostile);
        await page.GetByTestId("new-label-key").FillAsync("x");
        await page.GetByTestId("new-label-add").ClickAsync();
        await Expect(labelsStatus).ToContainTextAsync($"Added “{Hostile}” (key x)");
        await Expect(page.GetByTestId("label-item")).ToHaveCountAsync(4);
        await HostileTextChecks.AssertNothingRanAsync(page);
        var added = Label(page, Hostile);
        await added.GetByTestId("label-name").FillAsync("feature request");
        await added.GetByTestId("label-color").FillAsync("#6a3d9a");
        await added.GetByTestId("label-name").PressAsync("Enter");
        await Expect(labelsStatus).ToContainTextAsync($"renamed “{Hostile}” to “feature request”");
        await Expect(Label(page, "feature request")).ToHaveCountAsync(1);
        Assert.Contains(await LabelsAsync(http, projectId), l => l.GetProperty("name").GetString() == "feature request" && l.GetProperty("color").GetString() == "#6a3d9a");

        // A key the server refuses: its message stands next to the key, and nothing changes.
        var bug = Label(page, "bug");
        await bug.GetByTestId("label-key").FillAsync("f");
        await bug.GetByTestId("label-save").ClickAsync();
        await Expect(bug.GetByTestId("label-key")).ToHaveAttributeAsync("aria-invalid", "true");
        var keyError = page.Locator($"#{await bug.GetByTestId("label-key").GetAttributeAsync("aria-describedby")}");
        await Expect(keyError).ToContainTextAsync("is reserved");
        await Expect(bug.GetByTestId("label-status")).ToHaveTextAsync("Not saved: See the message next to the field.");
        await bug.ScreenshotAsync(new LocatorScreenshotOptions { Path = $"{Shots}/settings-key-error.png" });
        Assert.Equal("2", (await LabelsAsync(http, projectId)).Single(l => l.GetProperty("name").GetString() == "bug").GetProperty("key").GetString());

        // Merge "question" into "bug": the sentence says how the answers move; the answer says "bug" afterwards.
        var question = Label(page, "question");
        await question.GetByTestId("label-merge").ClickAsync();
        var merge = page.GetByTestId("merge-confirm");
        await merge.GetByTestId("merge-into").SelectOptionAsync(new SelectOptionValue { Label = "bug" });
        await Expect(merge.GetByTestId("merge-confirm-sentence")).ToContainTextAsync("Every answer that says “question” will say “bug” instead (the 1 document labelled “question”)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/settings-merge.png", FullPage = true });
        await merge.GetByTestId("merge-confirm-yes").ClickAsync();
        await Expect(labelsStatus).ToContainTextAsync("Merged “question” into “bug”: 1 answer says “bug” now.");
        await Expect(page.GetByTestId("label-item")).ToHaveCountAsync(3);

        // Split "billing" into "refund" and "invoice": the sentence says its two documents come back to the queue.
        await Label(page, "billing").GetByTestId("label-split").ClickAsync();
        var split = page.GetByTestId("split-confirm");
        await split.GetByTestId("split-name").Nth(0).FillAsync("refund");
        await split.GetByTestId("split-name").Nth(1).FillAsync("invoice");
        await Expect(split.GetByTestId("split-confirm-sentence")).ToContainTextAsync("The 2 documents labelled “billing” go back to the front of the queue");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/settings-split.png", FullPage = true });
        await split.GetByTestId("split-confirm-yes").ClickAsync();
        await Expect(labelsStatus).ToContainTextAsync("2 documents are back at the front of the queue");
        await Expect(page.GetByTestId("label-item")).ToHaveCountAsync(4);

        // Delete "feature request": answers kept in history, no longer counted.
        var feature = Label(page, "feature request");
        await feature.GetByTestId("label-delete").ClickAsync();
        await Expect(page.GetByTestId("delete-label-confirm-sentence")).ToContainTextAsync("“feature request”");
        await page.GetByTestId("delete-label-confirm-yes").ClickAsync();
        await Expect(labelsStatus).ToContainTextAsync("Deleted “feature request”");
        await Expect(page.GetByTestId("label-item")).ToHaveCountAsync(3);
        Assert.Equal(["refund", "invoice", "bug"], (await LabelsAsync(http, projectId)).Select(l => l.GetProperty("name").GetString()!).ToArray());

        // The history lists every change, newest first, with who made it.
        var history = page.GetByTestId("label-history-row");
        await Expect(history).ToHaveCountAsync(5);
        await Expect(history.First).ToContainTextAsync("Deleted label 'feature request'");
        await Expect(history.Nth(1)).ToContainTextAsync("Split 'billing'");
        await Expect(history.Last).ToContainTextAsync("annotator");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/settings-labels.png", FullPage = true });
        await HostileTextChecks.AssertNothingRanAsync(page);

        // Annotate: a document of the split label comes first, its reason said prominently, with the new labels' buttons.
        await page.GetByTestId("tab-annotate").ClickAsync();
        var notice = page.GetByTestId("relabel-notice");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("It was labelled 'billing', which was split into 'refund', 'invoice': choose again.");
        await Expect(page.GetByTestId("label-button-refund")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("label-button-billing")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/annotate-relabel.png" });
        await page.GetByTestId("label-button-refund").ClickAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("status")).ToContainTextAsync("refund");

        // A document's history shows the label a merge took away, struck through; then the document is deleted.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/documents/{ids["How do I export my data?"]}");
        var retired = page.GetByTestId("retired-label");
        await Expect(retired).ToContainTextAsync("question (label removed)");
        await Expect(retired.Locator("s")).ToHaveTextAsync("question");
        await page.GetByTestId("document-delete").ClickAsync();
        await Expect(page.GetByTestId("document-delete-confirm-sentence")).ToHaveTextAsync(
            $"Delete document #{ids["How do I export my data?"]} for good? Its 1 answer goes with it. This cannot be undone.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/document-delete.png" });
        await page.GetByTestId("document-delete-confirm-yes").ClickAsync();
        await Expect(page.GetByTestId("browse-row")).ToHaveCountAsync(7);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/projects/{projectId}/documents/{ids["How do I export my data?"]}")).StatusCode);

        // Browse: delete what a search selects. The selection changes under the confirmation: the 409 is said, with the new count.
        await page.GetByTestId("browse-search").FillAsync("Printer");
        await Expect(page.GetByTestId("browse-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("browse-delete")).ToHaveTextAsync("Delete these 2 documents");
        await page.GetByTestId("browse-delete").ClickAsync();
        var bulk = page.GetByTestId("browse-delete-confirm");
        await Expect(bulk.GetByTestId("browse-delete-confirm-sentence")).ToHaveTextAsync(
            "Delete these 2 documents for good? They are the documents that match the search “Printer”. Their answers go with them. This cannot be undone.");
        (await http.DeleteAsync($"/api/v1/projects/{projectId}/documents/{ids["Printer out of paper"]}")).EnsureSuccessStatusCode();
        await bulk.GetByTestId("browse-delete-confirm-yes").ClickAsync();
        await Expect(bulk.GetByTestId("browse-delete-confirm-status")).ToContainTextAsync("not the 2 documents confirmed; nothing was deleted");
        await Expect(bulk.GetByTestId("browse-delete-confirm-sentence")).ToContainTextAsync("Delete this document for good?");
        await Expect(page.GetByTestId("browse-row")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/browse-delete-409.png", FullPage = true });
        await bulk.GetByTestId("browse-delete-confirm-yes").ClickAsync();
        await Expect(page.GetByTestId("browse-deleted")).ToHaveTextAsync("Deleted 1 document.");
        await Expect(page.Locator("table.documents")).ToContainTextAsync("No document matches this search.");
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?q=Printer")).GetProperty("total").GetInt32());

        // Import: delete the API's import; the confirmation says how many documents and answers go.
        await page.GetByTestId("tab-import").ClickAsync();
        await Expect(page.GetByTestId("import-row")).ToHaveCountAsync(2);
        var extraRow = page.GetByTestId("import-row").Filter(new() { HasText = "extra.jsonl" });
        await Expect(extraRow).ToContainTextAsync("jsonl");
        await extraRow.GetByTestId("import-delete").ClickAsync();
        await Expect(page.GetByTestId("import-delete-confirm-sentence")).ToHaveTextAsync(
            "Delete the import of “extra.jsonl”? Its 2 documents go for good, with their answers (1 of them has an answer). This cannot be undone.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/imports-delete.png", FullPage = true });
        await page.GetByTestId("import-delete-confirm-yes").ClickAsync();
        await Expect(page.GetByTestId("imports-status")).ToContainTextAsync("Deleted extra.jsonl: 2 documents went with it.");
        await Expect(page.GetByTestId("import-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("import-row")).ToContainTextAsync("tickets.jsonl");
        var left = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents");
        Assert.Equal(3, left.GetProperty("total").GetInt32());
        await Expect(page.GetByTestId("project-stats")).ToContainTextAsync("of 3 documents");

        await HostileTextChecks.AssertNothingRanAsync(page);
        Assert.Empty(errors);
    }

    private static ILocator Label(IPage page, string name) =>
        page.Locator($"[data-testid=label-item][data-label=\"{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]");

    private static async Task<Dictionary<string, long>> DocumentIdsAsync(HttpClient http, int projectId)
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?pageSize=100");
        return page.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("id").GetInt64());
    }

    private static async Task AnswerAsync(HttpClient http, int projectId, long documentId, string label)
    {
        var response = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId, labels = new[] { label }, skip = false });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<List<JsonElement>> LabelsAsync(HttpClient http, int projectId) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/labels")).EnumerateArray()];
}
