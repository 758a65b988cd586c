using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// The Rules tab's suggestions and rule transfer in real Chromium: a suggested rule added with one key appears in the
/// list and leaves the suggestions; the rules exported as a download are imported into another project.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RuleSuggestionsTabTests(BrowserFixture browser) : IAsyncLifetime
{
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
    public async Task A_suggestion_is_added_by_key_and_the_rules_exported_from_one_project_are_imported_into_another()
    {
        var projectId = await server.CreateProjectAsync("Support mail", "billing", "other");

        // "refund" is in 4 labelled documents, all billing (4 of 10 labels): Wilson's 95% lower end for 4 of 4 is 0.51.
        (string Text, string? Label)[] documents =
        [
            ("Please refund my order", "billing"), ("A refund for the broken kettle", "billing"), ("Refund the delivery fee", "billing"),
            ("Still waiting for the refund", "billing"), ("Where is my parcel", "other"), ("Change the delivery address", "other"),
            ("Lovely service, thanks", "other"), ("Opening hours on Sunday", "other"), ("Do you ship abroad", "other"),
            ("Password reset link", "other"), ("Is a refund possible", null),
        ];
        using (var http = new HttpClient { BaseAddress = server.BaseAddress })
        {
            using (var body = new StringContent(string.Join('\n', documents.Select(d => JsonSerializer.Serialize(new { text = d.Text }))), Encoding.UTF8, "application/x-ndjson"))
            {
                (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
            }

            var listed = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?pageSize=20");
            var ids = listed.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("id").GetInt64());
            http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "ana");
            foreach (var (text, label) in documents.Where(d => d.Label is not null))
            {
                (await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId = ids[text], labels = new[] { label } })).EnsureSuccessStatusCode();
            }
        }

        var errors = new List<string>();
        Assertions.SetDefaultExpectTimeout(20_000);
        var page = await NewPageAsync("owner", errors);
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/rules");
        var suggestion = page.GetByTestId("suggestion");
        await Expect(suggestion).ToHaveCountAsync(1);
        await Expect(suggestion.GetByTestId("suggestion-terms")).ToHaveTextAsync("refund");
        await Expect(suggestion.GetByTestId("suggestion-precision")).ToHaveTextAsync("100% right on 4 labelled documents (51–100%)");
        await Expect(suggestion.GetByTestId("suggestion-coverage")).ToHaveTextAsync("Finds 5 documents");

        // One key adds it: the rule appears in the list, and the suggestion goes.
        await suggestion.FocusAsync();
        await page.Keyboard.PressAsync("a");
        await Expect(page.GetByTestId("rule-link")).ToHaveTextAsync("suggested: refund");
        await Expect(page.GetByTestId("suggestions-status")).ToContainTextAsync("Added the rule “suggested: refund”");
        await Expect(suggestion).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("rule-hits")).ToHaveTextAsync("5 documents (45%)");

        // Export downloads the package; importing it into another project with the same labels adds the rule there.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("rules-export").ClickAsync());
        Assert.Equal($"project-{projectId}-rules.json", download.SuggestedFilename);
        var path = Path.Combine(server.DataDir, "rules.json");
        await download.SaveAsAsync(path);
        var other = await server.CreateProjectAsync("Other mail", "Billing", "other");
        await page.GotoAsync($"{server.BaseAddress}#/projects/{other}/rules");
        await Expect(page.GetByTestId("rules-empty")).ToBeVisibleAsync();
        await page.GetByTestId("rules-import-file").SetInputFilesAsync(path);
        await Expect(page.GetByTestId("rules-import-result")).ToHaveTextAsync("Added 1 rule.");
        await Expect(page.GetByTestId("rule-link")).ToHaveTextAsync("suggested: refund");

        // The same file again is refused, naming the rule and the field, and adds nothing.
        await page.GetByTestId("rules-import-file").SetInputFilesAsync(path);
        await Expect(page.GetByTestId("rules-import-result")).ToContainTextAsync("Nothing was imported:Rule 1 “suggested: refund”, name: The project already has a rule named 'suggested: refund'");
        await Expect(page.GetByTestId("rule-row")).ToHaveCountAsync(1);

        // Chromium logs the refused request itself; nothing else may go wrong.
        Assert.Equal(["owner: Failed to load resource: the server responded with a status of 400 (Bad Request)"], errors);
    }

    private async Task<IPage> NewPageAsync(string name, List<string> errors)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{name}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"{name}: {error}");
        return page;
    }
}
