using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>Browsing, searching, opening and relabelling documents in real Chromium; hostile text stays text.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowseTests(BrowserFixture browser) : IDisposable
{
    private const string Hostile = "<img src=x onerror=\"document.title='pwned'\"><b>bold?</b> & <script>document.title='pwned'</script>";

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_document_found_by_search_opens_as_plain_text_and_can_be_relabelled()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var created = await http.PostAsJsonAsync("/api/v1/projects", new { name = "Triage", encoder = "tfidf", labels = new[] { new { name = "urgent", key = "u" }, new { name = "later", key = "l" } } });
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var lines = string.Join('\n', new[] { "Printer on fire", "Coffee machine empty", Hostile }.Select(t => JsonSerializer.Serialize(new { text = t })));
        using var body = new StringContent(lines, System.Text.Encoding.UTF8, "application/x-ndjson");
        (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/browse");
        await Expect(page.GetByTestId("browse-row")).ToHaveCountAsync(3);

        await page.GetByTestId("browse-search").FillAsync("onerror");
        await Expect(page.GetByTestId("browse-row")).ToHaveCountAsync(1);
        await page.GetByTestId("browse-row").ClickAsync();

        var text = page.GetByTestId("doc-text");
        await Expect(text).ToHaveTextAsync(Hostile);
        Assert.Equal(0, await text.Locator("img, b, script").CountAsync());
        await HostileTextChecks.AssertNothingRanAsync(page);

        await page.Keyboard.PressAsync("u");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("status")).ToContainTextAsync("urgent");

        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/browse");
        await page.GetByTestId("browse-filter").SelectOptionAsync("label:urgent");
        await Expect(page.GetByTestId("browse-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("browse-row")).ToContainTextAsync("onerror");
        await page.GetByTestId("browse-filter").SelectOptionAsync("unlabelled");
        await Expect(page.GetByTestId("browse-row")).ToHaveCountAsync(2);
        await HostileTextChecks.AssertNothingRanAsync(page);
    }
}
