using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// The overlap section of Settings in real Chromium, with accounts: the owner sets what share of documents several people
/// label and how many, it is kept across a reload, bad values are refused naming the field with nothing saved; then two
/// annotators get the same document and neither sees the other's answer, in the queue or in Browse.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OverlapSettingsTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Shots = "/tmp/ui-shots";

    private const string RootPassword = "lighthouse keeper 42";

    private const string AnnaPassword = "orange tram at dusk";

    private const string BenPassword = "seven blue kites fly";

    /// <summary>Documents are free text: this one would set the title if a page read it as HTML.</summary>
    private const string HostileText = "Clause 4 <img src=x onerror=\"document.title='pwned'\"> applies";

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
    public async Task The_owner_sets_overlap_bad_values_are_refused_and_two_annotators_never_see_each_others_answers()
    {
        Directory.CreateDirectory(Shots);
        // Made while the server has no accounts; the first user turns them on.
        var projectId = await server.CreateProjectAsync("Contracts", "clause", "definition");
        using (var http = new HttpClient { BaseAddress = server.BaseAddress })
        {
            string[] texts = [HostileText, "“Party” means the buyer or the seller", "Payment is due within 30 days"];
            using var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), Encoding.UTF8, "application/x-ndjson");
            (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
        }

        await server.AddUserAsync("root", RootPassword, admin: true);
        await server.AddUserAsync("anna", AnnaPassword);
        await server.AddUserAsync("ben", BenPassword);
        await server.AddMemberAsync(projectId, "anna", "annotator");
        await server.AddMemberAsync(projectId, "ben", "annotator");
        using var root = await server.ClientAsAsync("root");

        var errors = new List<string>();
        var owner = await OpenAsync("root", RootPassword, errors);

        // The form starts at the project's defaults: nobody shares a document.
        await owner.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/settings");
        var share = owner.GetByTestId("overlap-share");
        var people = owner.GetByTestId("overlap-answers");
        var status = owner.GetByTestId("overlap-status");
        await Expect(share).ToHaveValueAsync("0");
        await Expect(people).ToHaveValueAsync("2");

        // A share and a number of people, saved and said back in words, and still there after a reload.
        await share.FillAsync("25");
        await people.FillAsync("3");
        await owner.GetByTestId("overlap-save").ClickAsync();
        await Expect(status).ToHaveTextAsync("Saved: 25% of documents will be labelled by 3 different people each.");
        await owner.ReloadAsync();
        await Expect(share).ToHaveValueAsync("25");
        await Expect(people).ToHaveValueAsync("3");
        await AssertSavedAsync(root, projectId, 0.25, 3);

        // A share above 100 % or below 0 is refused naming the share; nothing is saved.
        foreach (var bad in new[] { "150", "-5" })
        {
            await share.FillAsync(bad);
            await owner.GetByTestId("overlap-save").ClickAsync();
            await Expect(status).ToHaveTextAsync("Not saved: Give the share as a percentage from 0 to 100.");
            await Expect(share).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(people).Not.ToHaveAttributeAsync("aria-invalid", "true");
            await AssertSavedAsync(root, projectId, 0.25, 3);
        }

        await owner.GetByTestId("overlap-form").ScreenshotAsync(new LocatorScreenshotOptions { Path = $"{Shots}/overlap-bad-share.png" });

        // Fewer than two people is no overlap: refused naming the number of people; nothing is saved.
        await share.FillAsync("50");
        await people.FillAsync("1");
        await owner.GetByTestId("overlap-save").ClickAsync();
        await Expect(status).ToHaveTextAsync("Not saved: Give the number of people as a whole number from 2 to 10.");
        await Expect(people).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(share).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await AssertSavedAsync(root, projectId, 0.25, 3);

        // Every document to two people.
        await share.FillAsync("100");
        await people.FillAsync("2");
        await owner.GetByTestId("overlap-save").ClickAsync();
        await Expect(status).ToHaveTextAsync("Saved: 100% of documents will be labelled by 2 different people each.");
        await Expect(people).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await AssertSavedAsync(root, projectId, 1, 2);

        // Anna labels the first document her queue gives her.
        var anna = await OpenAsync("anna", AnnaPassword, errors);
        await anna.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/annotate");
        var annaText = anna.GetByTestId("doc-text");
        await Expect(annaText).Not.ToBeEmptyAsync();
        var shared = (await annaText.InnerTextAsync()).Trim();
        await Expect(anna.GetByTestId("model-hint")).ToContainTextAsync("Several people label this one independently");
        await anna.GetByTestId("label-button-clause").ClickAsync();
        await anna.Keyboard.PressAsync("Enter");
        await Expect(anna.GetByTestId("status")).ToHaveTextAsync("Saved as clause.");

        // Ben's queue gives him the same document, with neither Anna's answer nor a guess made from it.
        var ben = await OpenAsync("ben", BenPassword, errors);
        await ben.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/annotate");
        await Expect(ben.GetByTestId("doc-text")).ToHaveTextAsync(shared);
        await Expect(ben.GetByTestId("model-hint")).ToContainTextAsync("the model's guess is hidden");
        await Expect(ben.GetByTestId("model-hint")).Not.ToContainTextAsync("clause");
        await Expect(ben.Locator("#app")).Not.ToContainTextAsync("anna");

        // In Browse the document is still unlabelled for him, and its page has no answer on it.
        await ben.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/browse");
        var benRow = ben.GetByTestId("browse-row").Filter(new() { HasText = shared });
        await Expect(benRow).ToHaveCountAsync(1);
        await Expect(benRow.Locator(".chip")).ToHaveCountAsync(0);
        await Expect(benRow.Locator(".who-cell")).ToBeEmptyAsync();
        await ben.GetByTestId("browse-filter").SelectOptionAsync("unlabelled");
        await Expect(ben.GetByTestId("browse-row")).ToHaveCountAsync(3);
        await benRow.ClickAsync();
        await Expect(ben.GetByTestId("doc-text")).ToHaveTextAsync(shared);
        await Expect(ben.Locator(".history")).ToHaveTextAsync("No one has labelled this document yet.");
        await Expect(ben.Locator("#app")).Not.ToContainTextAsync("anna");
        await ben.GetByTestId("label-button-definition").ClickAsync();
        await ben.Keyboard.PressAsync("Enter");
        await Expect(ben.GetByTestId("status")).ToHaveTextAsync("Saved as definition.");
        await Expect(ben.GetByTestId("history-item")).ToHaveTextAsync([new Regex("^definition.*by ben")]);
        await Expect(ben.Locator(".now-who")).ToHaveTextAsync(["by ben"]);
        await ben.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/overlap-annotator-document.png", FullPage = true });

        // Anna's Browse shows her answer alone.
        await anna.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/browse");
        var annaRow = anna.GetByTestId("browse-row").Filter(new() { HasText = shared });
        await Expect(annaRow.Locator(".chip")).ToHaveTextAsync(["clause"]);
        await Expect(annaRow.Locator(".who-cell")).ToHaveTextAsync("anna");
        await annaRow.ClickAsync();
        await Expect(anna.GetByTestId("history-item")).ToHaveTextAsync([new Regex("^clause.*by anna")]);
        await Expect(anna.Locator(".now-who")).ToHaveTextAsync(["by anna"]);
        await Expect(anna.Locator("#app")).Not.ToContainTextAsync("ben");

        // The owner sees both answers: the two views above hid something that is there.
        await owner.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/browse");
        var ownerRow = owner.GetByTestId("browse-row").Filter(new() { HasText = shared });
        await Expect(ownerRow.Locator(".chip")).ToHaveCountAsync(2);
        await Expect(ownerRow.Locator(".who-cell")).ToHaveTextAsync("anna, ben");

        // The hostile document, wherever it came, stayed text for everyone.
        foreach (var page in new[] { owner, anna, ben })
        {
            await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/browse");
            await Expect(page.GetByTestId("browse-row").Filter(new() { HasText = "onerror" })).ToHaveCountAsync(1);
            Assert.Equal(0, await page.Locator("#app img").CountAsync());
            await HostileTextChecks.AssertNothingRanAsync(page);
        }

        Assert.Empty(errors);
    }

    /// <summary>A signed-in page of its own for <paramref name="name"/>, reporting its script errors into <paramref name="errors"/>.</summary>
    private async Task<IPage> OpenAsync(string name, string password, List<string> errors)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => errors.Add($"{name}: {error}");
        await page.GotoAsync($"{server.BaseAddress}#/");
        await page.GetByTestId("signin-name").FillAsync(name);
        await page.GetByTestId("signin-password").FillAsync(password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("account-name")).ToHaveTextAsync(name);
        return page;
    }

    private static async Task AssertSavedAsync(HttpClient http, int projectId, double share, int answers)
    {
        var project = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}");
        Assert.Equal(share, project.GetProperty("overlapShare").GetDouble(), 6);
        Assert.Equal(answers, project.GetProperty("overlapAnswers").GetInt32());
    }
}
