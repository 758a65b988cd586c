using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>A person's first session, in real Chromium: create a project, import, label with the keyboard, undo, flag, export.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AnnotationSessionTests(BrowserFixture browser) : IDisposable
{
    private const string Hostile = "<img src=x onerror=\"document.title='pwned'\"><b>not bold</b>";

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_person_creates_a_project_imports_labels_ten_with_the_keyboard_undoes_flags_and_exports()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Location.Contains(HostileTextChecks.ProbeMarker, StringComparison.Ordinal))
            {
                consoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => consoleErrors.Add(error);

        await page.GotoAsync(server.BaseAddress.ToString());

        // Create the project.
        await page.GetByRole(AriaRole.Button, new() { Name = "New project" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "New project" })).First.ClickAsync();
        await page.GetByTestId("project-name").FillAsync("Mail triage");
        await page.GetByTestId("label-name-0").FillAsync("spam");
        await page.GetByTestId("label-key-0").FillAsync("s");
        if (await page.GetByTestId("label-name-1").CountAsync() == 0)
        {
            await page.GetByTestId("add-label").ClickAsync();
        }

        await page.GetByTestId("label-name-1").FillAsync("ham");
        await page.GetByTestId("label-key-1").FillAsync("h");
        await page.GetByTestId("guidelines").FillAsync("Spam is mail nobody asked for.");
        await page.GetByTestId("create-project").ClickAsync();

        // Import twelve documents, one of them hostile HTML.
        await page.GetByTestId("tab-import").ClickAsync();
        var file = Path.Combine(server.DataDir, "mails.jsonl");
        var texts = Enumerable.Range(1, 11).Select(i => $"Mail number {i}: please read line {i}.").Append(Hostile).ToList();
        await File.WriteAllLinesAsync(file, texts.Select(t => JsonSerializer.Serialize(new { text = t, meta = new { sender = "someone" } })));
        await page.GetByTestId("import-file").SetInputFilesAsync(file);
        await page.GetByTestId("import-submit").ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("12");

        // Label ten documents with the keyboard.
        await page.GetByTestId("tab-annotate").ClickAsync();
        var docText = page.GetByTestId("doc-text");
        var status = page.GetByTestId("status");
        var given = new Dictionary<string, string>();
        var previous = "";
        for (var i = 0; i < 10; i++)
        {
            await Expect(docText).Not.ToHaveTextAsync(previous);
            var text = (await docText.InnerTextAsync()).Trim();
            var label = i % 2 == 0 ? "spam" : "ham";
            await page.Keyboard.PressAsync(label == "spam" ? "s" : "h");
            await page.Keyboard.PressAsync("Enter");
            await Expect(status).ToContainTextAsync(label);
            given[text] = label;
            previous = text;
        }

        await Expect(page.GetByTestId("progress")).ToContainTextAsync("10");

        // Undo the tenth answer and give the other label.
        await Expect(docText).Not.ToHaveTextAsync(previous);
        await page.Keyboard.PressAsync("Backspace");
        await Expect(status).ToContainTextAsync("Undone");
        await Expect(docText).ToHaveTextAsync(previous);
        var corrected = given[previous] == "spam" ? "ham" : "spam";
        await page.Keyboard.PressAsync(corrected == "spam" ? "s" : "h");
        await page.Keyboard.PressAsync("Enter");
        await Expect(status).ToContainTextAsync(corrected);
        given[previous] = corrected;

        // Flag the next one with a note, then label it.
        await Expect(docText).Not.ToHaveTextAsync(previous);
        var flaggedText = (await docText.InnerTextAsync()).Trim();
        await page.Keyboard.PressAsync("f");
        await page.GetByTestId("flag-note").FillAsync("odd sender");
        await page.GetByTestId("flag-note").PressAsync("Enter");
        await page.Keyboard.PressAsync("s");
        await page.Keyboard.PressAsync("Enter");
        await Expect(status).ToContainTextAsync("spam");
        given[flaggedText] = "spam";

        // The hostile document, wherever it came in the queue, was shown as text and ran nothing.
        await HostileTextChecks.AssertNothingRanAsync(page);

        // Export and check the file.
        await page.GetByTestId("tab-export").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-jsonl").ClickAsync());
        var exported = (await File.ReadAllLinesAsync(await download.PathAsync()))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();

        Assert.Equal(11, exported.Count);
        foreach (var row in exported)
        {
            var text = row.GetProperty("text").GetString()!;
            Assert.True(given.TryGetValue(text, out var expected), $"exported a document that was not labelled: {text}");
            Assert.Equal(expected, row.GetProperty("label").GetString());
            Assert.Equal("someone", row.GetProperty("meta").GetProperty("sender").GetString());
            Assert.InRange(row.GetProperty("seconds_spent").GetDouble(), 0, 600);
            Assert.False(string.IsNullOrEmpty(row.GetProperty("annotator").GetString()));
        }

        var flagged = exported.Single(r => r.GetProperty("flagged").GetBoolean());
        Assert.Equal(flaggedText, flagged.GetProperty("text").GetString());
        Assert.Equal("odd sender", flagged.GetProperty("flag_note").GetString());
        Assert.Empty(consoleErrors);
    }
}
