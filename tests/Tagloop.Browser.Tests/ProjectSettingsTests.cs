using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>Renaming a project, editing its guidelines and deleting it from the Settings tab, in real Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProjectSettingsTests(BrowserFixture browser) : IDisposable
{
    private const string Hostile = "<img src=x onerror=\"document.title='pwned'\">";

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_project_is_renamed_its_guidelines_edited_and_it_is_deleted_only_after_its_name_is_typed()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var projectId = await server.CreateProjectAsync("Tickets", "billing", "bug");
        using var body = new StringContent("{\"text\":\"My card was charged twice\"}\n{\"text\":\"The app crashes\"}\n", System.Text.Encoding.UTF8, "application/x-ndjson");
        (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/settings");

        // Renamed (to hostile text, which stays text) and guidelines written; the heading follows at once.
        await page.GetByTestId("settings-name").FillAsync($"Support {Hostile}");
        await page.GetByTestId("settings-guidelines").FillAsync("Billing: money.\nBug: the app misbehaves.");
        await page.GetByTestId("details-save").ClickAsync();
        await Expect(page.GetByTestId("details-status")).ToHaveTextAsync("Saved.");
        await Expect(page.GetByTestId("project-title")).ToHaveTextAsync($"Support {Hostile}");
        Assert.Equal(0, await page.GetByTestId("project-title").Locator("img").CountAsync());
        var project = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}");
        Assert.Equal($"Support {Hostile}", project.GetProperty("name").GetString());
        Assert.Equal("Billing: money.\nBug: the app misbehaves.", project.GetProperty("guidelines").GetString());

        // An empty name is refused in words, and nothing changes.
        await page.GetByTestId("settings-name").FillAsync(" ");
        await page.GetByTestId("details-save").ClickAsync();
        await Expect(page.GetByTestId("details-status")).ToContainTextAsync("Not saved");
        Assert.Equal($"Support {Hostile}", (await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}")).GetProperty("name").GetString());

        // Deleting waits for the exact name, then goes back to the list, where the project is gone.
        var remove = page.GetByTestId("delete-project");
        await Expect(remove).ToBeDisabledAsync();
        await page.GetByTestId("delete-confirm").FillAsync("Support");
        await Expect(remove).ToBeDisabledAsync();
        await page.GetByTestId("delete-confirm").FillAsync($"Support {Hostile}");
        await Expect(remove).ToBeEnabledAsync();
        await remove.ClickAsync();

        // The deletion waits for a training run under way to end; on a loaded machine (CI runs the test projects side by
        // side) going back has taken longer than Playwright's default 30 s. The address is polled (a same-page hash
        // change is no load to wait for), for longer, and a failure says where the page stood.
        try
        {
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/$"), new PageAssertionsToHaveURLOptions { Timeout = 120_000 });
        }
        catch (PlaywrightException)
        {
            var still = (await http.GetAsync($"/api/v1/projects/{projectId}")).StatusCode;
            Assert.Fail($"The page did not go back to the list: it is at {page.Url}, showing '{await page.EvaluateAsync<string>("() => document.body.innerText.slice(0, 600)")}'; the project answers {still}.");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/projects/{projectId}")).StatusCode);
        await HostileTextChecks.AssertNothingRanAsync(page);
        Assert.Empty(pageErrors);
    }
}
