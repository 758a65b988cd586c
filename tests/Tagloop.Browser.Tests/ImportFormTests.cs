using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>The import form in real Chromium: the text column is found by name, or chosen by the person, never guessed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportFormTests(BrowserFixture browser) : IDisposable
{
    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_csv_without_a_text_like_column_waits_for_the_person_to_choose_one()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var projectId = await server.CreateProjectAsync("Tickets", "billing", "bug");
        var named = Path.Combine(server.DataDir, "named.csv");
        await File.WriteAllTextAsync(named, "ticket_id,Body\n1,My card was charged twice\n");
        var unnamed = Path.Combine(server.DataDir, "unnamed.csv");
        await File.WriteAllTextAsync(unnamed, "ticket_id,summary\n7,The app crashes on start\n8,Refund my order please\n");

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/import");
        var column = page.GetByTestId("import-text-column");
        var submit = page.GetByTestId("import-submit");

        // A column named like text is chosen for the person.
        await page.GetByTestId("import-file").SetInputFilesAsync(named);
        await Expect(column).ToHaveValueAsync("Body");
        await Expect(submit).ToBeEnabledAsync();

        // None is: the form asks, and will not import the id column as the text.
        await page.GetByTestId("import-file").SetInputFilesAsync(unnamed);
        await Expect(column).ToHaveValueAsync("");
        await Expect(column).ToContainTextAsync("Choose the column with the text");
        await Expect(submit).ToBeDisabledAsync();

        await column.SelectOptionAsync("summary");
        await Expect(submit).ToBeEnabledAsync();
        await submit.ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("2");
        var documents = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents");
        Assert.Equal(["Refund my order please", "The app crashes on start"], documents.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("text").GetString()).Order());
    }
}
