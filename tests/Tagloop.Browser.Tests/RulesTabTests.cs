using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// The Rules tab in real Chromium: a keyword rule written in the editor, whose count of documents follows the term as it
/// is typed; saved, switched off and on, its versions listed; its documents browsed from the list; and a viewer, once
/// accounts are on, sees the rules with no control to change them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RulesTabTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "orange tram at dusk";

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
    public async Task A_keyword_rule_is_written_with_a_live_count_saved_switched_off_and_on_and_a_viewer_only_reads_it()
    {
        var projectId = await server.CreateProjectAsync("Support mail", "billing", "other");
        // Whole words unless a term has a star: "refund" is in two texts, "refund*" also takes "refunds", "money back" one more.
        string[] texts =
        [
            "Please refund my order",
            "I want a refund for the broken kettle",
            "The refunds team never answered",
            "Can I get my money back?",
            "Where is my parcel?",
            "Change my delivery address",
        ];
        using (var http = new HttpClient { BaseAddress = server.BaseAddress })
        {
            using (var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), Encoding.UTF8, "application/x-ndjson"))
            {
                (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
            }

            var listed = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?pageSize=10");
            var ids = listed.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("text").GetString()!, d => d.GetProperty("id").GetInt64());
            http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "ana");
            var answered = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new { documentId = ids[texts[1]], labels = new[] { "billing" } });
            Assert.True(answered.IsSuccessStatusCode, await answered.Content.ReadAsStringAsync());
        }

        var errors = new List<string>();

        // The first preview reads the project's documents and compiles the rules on a cold server: on a loaded machine
        // that can take longer than an expectation's default 5 s, so this test waits up to 20 s for each one.
        Assertions.SetDefaultExpectTimeout(20_000);

        // Without accounts the page acts as an owner: the list is empty and offers a new rule.
        var owner = await NewPageAsync("owner", errors);
        await owner.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/rules");
        await Expect(owner.GetByTestId("rules-empty")).ToContainTextAsync("No rules yet.");
        await owner.GetByTestId("rule-new").ClickAsync();
        await Expect(owner.GetByTestId("rule-title")).ToHaveTextAsync("New rule");

        // The editor by keyboard alone: the name, the label, then the term typed letter by letter.
        await owner.GetByTestId("rule-name").FillAsync("refund words");
        await owner.GetByTestId("rule-label").SelectOptionAsync("billing");
        var term = owner.GetByTestId("rule-term-input");
        await term.PressSequentiallyAsync("refund");
        var count = owner.GetByTestId("rule-preview-count");
        await Expect(count).ToHaveTextAsync("2");
        await Expect(owner.GetByTestId("rule-preview-accuracy")).ToHaveTextAsync(new Regex("^100% right on 1 answered document"));
        await Expect(owner.GetByTestId("rule-hit")).ToHaveCountAsync(2);
        await term.PressSequentiallyAsync("*");
        await Expect(count).ToHaveTextAsync("3");
        await Expect(owner.GetByTestId("rule-hit").Filter(new() { HasText = "The refunds team" })).ToHaveCountAsync(1);

        // Enter adds the term; a second one raises the count again.
        await term.PressAsync("Enter");
        await Expect(owner.GetByTestId("rule-term")).ToHaveCountAsync(1);
        await Expect(owner.GetByTestId("rule-term").First).ToContainTextAsync("refund*");
        await Expect(term).ToHaveValueAsync("");
        await term.PressSequentiallyAsync("money back");
        await term.PressAsync("Enter");
        await Expect(owner.GetByTestId("rule-term")).ToHaveCountAsync(2);
        await Expect(count).ToHaveTextAsync("4");
        await Expect(owner.GetByTestId("rule-preview-coverage")).ToContainTextAsync("(67%)");
        await owner.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/rules-ui-editor-live.png" });

        // Ctrl+Enter saves.
        await term.PressAsync("Control+Enter");
        await Expect(owner.GetByTestId("rule-status")).ToHaveTextAsync("Saved “refund words”: it votes from now on.");
        await Expect(owner.GetByTestId("rule-title")).ToHaveTextAsync("Rule “refund words”");
        await Expect(owner.GetByTestId("rule-version")).ToHaveCountAsync(1);
        Assert.Matches(@"#/projects/\d+/rules/\d+$", owner.Url);

        // Switched off, then on: each makes a version, listed newest first.
        var toggle = owner.GetByTestId("rule-toggle");
        await Expect(toggle).ToHaveTextAsync("Switch off");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveTextAsync("Switch on");
        await Expect(owner.GetByTestId("rule-meta")).ToContainTextAsync("Switched off · version 2");
        await toggle.PressAsync("Enter");
        await Expect(toggle).ToHaveTextAsync("Switch off");
        await Expect(owner.GetByTestId("rule-meta")).ToContainTextAsync("Switched on · version 3");
        var versions = owner.GetByTestId("rule-version");
        await Expect(versions).ToHaveCountAsync(3);
        await Expect(versions.Nth(0)).ToContainTextAsync("Switched on.");
        await Expect(versions.Nth(1)).ToContainTextAsync("Switched off.");
        await Expect(versions.Nth(2)).ToContainTextAsync("Added.");

        // The list shows the rule with its summary and figures, and its documents a click away.
        await owner.GetByTestId("rules-back").ClickAsync();
        var row = owner.GetByTestId("rule-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("rule-summary")).ToHaveTextAsync("Has any of “refund*” or “money back”");
        await Expect(row.GetByTestId("rule-hits")).ToHaveTextAsync("4 documents (67%)");
        await Expect(row.GetByTestId("rule-accuracy")).ToContainTextAsync("100% right on 1 answered document");
        await Expect(row.GetByRole(AriaRole.Switch)).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(owner.GetByTestId("rules-totals-line")).ToContainTextAsync("Rules cover 67% of documents");
        await owner.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/rules-ui-tab.png", FullPage = true });
        await row.GetByTestId("rule-hits-link").ClickAsync();
        await Expect(owner.GetByTestId("rule-hit")).ToHaveCountAsync(4);
        await owner.GetByTestId("rule-hit").Filter(new() { HasText = "money back" }).GetByTestId("rule-hit-link").ClickAsync();
        await Expect(owner.GetByTestId("doc-text")).ToHaveTextAsync("Can I get my money back?");

        // The switch in the list works too: off, and the row says so.
        await owner.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/rules");
        await owner.GetByTestId("rule-row").GetByRole(AriaRole.Switch).ClickAsync();
        await Expect(owner.GetByTestId("rules-status")).ToContainTextAsync("“refund words” is off");
        await Expect(owner.GetByTestId("rule-row").GetByRole(AriaRole.Switch)).ToHaveAttributeAsync("aria-checked", "false");

        // With accounts (the first user added is an administrator), a viewer sees the rules, their figures and versions,
        // and nothing to change them with.
        await server.AddUserAsync("root", Password, admin: true);
        await server.AddUserAsync("vera", Password);
        await server.AddMemberAsync(projectId, "vera", "viewer");
        var viewer = await SignedInPageAsync("vera", errors);
        await viewer.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/rules");
        await Expect(viewer.GetByTestId("rule-row")).ToHaveCountAsync(1);
        await Expect(viewer.GetByTestId("rule-row").GetByTestId("rule-switch")).ToHaveTextAsync("Off");
        await Expect(viewer.GetByRole(AriaRole.Switch)).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("rule-new")).ToHaveCountAsync(0);
        await viewer.GetByTestId("rule-link").ClickAsync();
        await Expect(viewer.GetByTestId("rule-versions")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("rule-version")).ToHaveCountAsync(4);
        await Expect(viewer.GetByTestId("rule-form")).ToHaveCountAsync(0);
        await Expect(viewer.Locator("#app input, #app select, #app textarea")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("rule-toggle")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("rule-delete")).ToHaveCountAsync(0);
        await viewer.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/rules/new");
        await Expect(viewer.GetByTestId("role-needed")).ToContainTextAsync("Only reviewers and owners can write rules.");

        Assert.Empty(errors);
    }

    private async Task<IPage> NewPageAsync(string name, List<string> errors)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
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

    private async Task<IPage> SignedInPageAsync(string name, List<string> errors)
    {
        var page = await NewPageAsync(name, errors);
        await page.GotoAsync($"{server.BaseAddress}#/");
        await page.GetByTestId("signin-name").FillAsync(name);
        await page.GetByTestId("signin-password").FillAsync(Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("account-name")).ToHaveTextAsync(name);
        return page;
    }
}
