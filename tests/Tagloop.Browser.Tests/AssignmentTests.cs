using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// "Who labels what" in real Chromium: an owner sets the documents that mention an appeal aside for Anna; Anna's page
/// serves them and says so, Bo's never does; ending the assignment opens them to everyone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AssignmentTests(BrowserFixture browser) : IDisposable
{
    private const string Shots = "/tmp/ui-shots";

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task An_owner_sets_documents_aside_for_one_person_who_gets_them_while_others_do_not()
    {
        Directory.CreateDirectory(Shots);
        var projectId = await server.CreateProjectAsync("Cases", "granted", "refused");
        string[] texts = ["Appeal against the decision of the district court", "Notice of appeal, second filing", "Request for a parking permit", "Change of address form"];
        using (var http = new HttpClient { BaseAddress = server.BaseAddress })
        using (var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), Encoding.UTF8, "application/x-ndjson"))
        {
            (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
        }

        var errors = new List<string>();
        async Task<IPage> PageAsAsync(string annotator)
        {
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            await context.AddInitScriptAsync($"localStorage.setItem('tagloop.annotator', '{annotator}')");
            var page = await context.NewPageAsync();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };
            page.PageError += (_, error) => errors.Add(error);
            return page;
        }

        // Without accounts everyone acts as an owner. A form with nothing chosen says what is missing, beside the field.
        var owner = await PageAsAsync("olivia");
        await owner.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/team");
        await Expect(owner.GetByTestId("assignments-empty")).ToHaveTextAsync("Nothing is set aside: everyone labels from the same queue.");
        await owner.GetByTestId("assignment-user").FillAsync("anna");
        await owner.GetByTestId("assignment-add").ClickAsync();
        await Expect(owner.Locator("#assignment-search-error")).ToContainTextAsync("Say which documents");

        await owner.GetByTestId("assignment-search").FillAsync("appeal");
        await owner.GetByTestId("assignment-note").FillAsync("Anna knows the appeals");
        await owner.GetByTestId("assignment-add").ClickAsync();
        await Expect(owner.GetByTestId("assignments-status")).ToHaveTextAsync("Set aside for anna: 2 of 2 still to do.");
        var row = owner.GetByTestId("assignment-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("text contains “appeal”");
        await Expect(row).ToContainTextAsync("Anna knows the appeals");
        await owner.GetByTestId("assignments").ScreenshotAsync(new LocatorScreenshotOptions { Path = $"{Shots}/assignments.png" });

        // Bo's queue never holds an appeal; Anna's starts with one, marked as set aside for her.
        var bo = await PageAsAsync("bo");
        await bo.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/annotate");
        await Expect(bo.GetByTestId("doc-text")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^$"));
        await Expect(bo.GetByTestId("doc-text")).Not.ToContainTextAsync("ppeal");
        await Expect(bo.GetByTestId("assigned-notice")).ToBeHiddenAsync();

        var anna = await PageAsAsync("anna");
        await anna.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/annotate");
        await Expect(anna.GetByTestId("doc-text")).ToContainTextAsync("ppeal");
        await Expect(anna.GetByTestId("assigned-notice")).ToHaveTextAsync("Set aside for you by the project’s owners.");
        await anna.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/assigned-task.png" });

        // Bo answers everything open to him: two documents, neither an appeal.
        using (var boApi = new HttpClient { BaseAddress = server.BaseAddress })
        {
            boApi.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "bo");
            var served = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                var response = await boApi.GetAsync($"/api/v1/projects/{projectId}/tasks/next");
                if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
                {
                    break;
                }

                var task = await response.Content.ReadFromJsonAsync<JsonElement>();
                served.Add(task.GetProperty("text").GetString()!);
                (await boApi.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId = task.GetProperty("documentId").GetInt64(), labels = new[] { "refused" } })).EnsureSuccessStatusCode();
            }

            Assert.Equal(new[] { texts[2], texts[3] }.Order(), served.Order());
        }

        // Ended: the owner's table is empty again and the appeals are open to anyone.
        await owner.ReloadAsync();
        await owner.Locator("[data-testid^=assignment-remove-]").ClickAsync();
        await Expect(owner.GetByTestId("assignments-status")).ToContainTextAsync("Ended: those documents are open to everyone again.");
        await Expect(owner.GetByTestId("assignments-empty")).ToBeVisibleAsync();
        Assert.Empty(errors);
    }
}
