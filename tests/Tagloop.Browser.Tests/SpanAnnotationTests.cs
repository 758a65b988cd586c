using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// Span tagging in real Chromium (issue 12): entities tagged by keyboard (arrows, Shift, a type key) and by mouse (drag,
/// double-click), a model's span removed by click and Delete, regions saved with Enter in correct mode; suggestions
/// accepted and rejected in teach mode; then the CoNLL export checked token by token.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SpanAnnotationTests(BrowserFixture browser, ITestOutputHelper output) : IDisposable
{
    private const float Patience = 60_000;

    private const string Hostile = "<img src=x onerror=\"document.title='pwned'\"><b>not bold</b>";

    private static readonly string[] First = ["Alice", "Omar", "Maria", "Kenji", "Fatima", "Lars", "Ingrid", "Pedro", "Chloe", "Tariq", "Sofia", "Dmitri", "Amara", "Hugo"];

    private static readonly string[] Last = ["Martin", "Haddad", "Rossi", "Tanaka", "Okafor", "Berg", "Larsen", "Silva", "Dubois", "Aziz", "Costa", "Petrov", "Mensah", "Laurent"];

    private static readonly string[] Cities = ["Lisbon", "Cairo", "Oslo", "Nairobi", "Lima", "Dublin", "Hanoi", "Quito", "Vienna", "Manila", "Accra", "Riga", "Porto", "Tunis"];

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    /// <summary>A sentence of the form "First Last travelled to City on Monday." with its entities (words, type).</summary>
    private static (string Text, (string Words, string Label)[] Entities) Sentence(int i, string verb, string when)
    {
        var person = $"{First[i % First.Length]} {Last[(i * 5 + 3) % Last.Length]}";
        var city = Cities[(i * 3 + 1) % Cities.Length];
        return ($"{person} {verb} {city} {when}.", [(person, "PER"), (city, "LOC")]);
    }

    [Fact]
    public async Task A_person_tags_entities_by_keyboard_and_mouse_corrects_and_teaches_and_the_conll_export_has_them()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "seeder");
        var created = await http.PostAsJsonAsync("/api/v1/projects", new
        {
            name = "People and places",
            task = "span-tagging",
            labels = new[]
            {
                new { name = "PER", key = "p", color = "#1f77b4", description = "A person's full name" },
                new { name = "LOC", key = "l", color = "#d62728", description = "A city, country or other place" },
            },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // Seed answers over the API (so that a tagger can learn), then the sentences for the page: two-word people, one-word
        // places, and one hostile text with no entity.
        string[] verbs = ["travelled to", "flew to", "moved to", "lives in", "stayed in", "drove to"];
        string[] whens = ["on Monday", "last spring", "in June", "this week", "every summer", "yesterday"];
        var seeds = Enumerable.Range(0, 24).Select(i => Sentence(i, verbs[i % verbs.Length], whens[i % whens.Length])).ToList();
        var onPage = Enumerable.Range(100, 10).Select(i => Sentence(i, verbs[(i + 1) % verbs.Length], whens[(i + 2) % whens.Length])).ToList();
        onPage.Add(($"Nobody wrote {Hostile} here.", []));
        var expected = seeds.Concat(onPage).ToDictionary(s => s.Text, s => s.Entities);
        using (var body = new StringContent(string.Join('\n', seeds.Concat(onPage).Select(s => JsonSerializer.Serialize(new { text = s.Text }))), Encoding.UTF8, "application/x-ndjson"))
        {
            var imported = await http.PostAsync($"/api/v1/projects/{projectId}/documents", body);
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        }

        var listed = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents?pageSize=100");
        var ids = listed.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetInt64(), d => d.GetProperty("text").GetString()!);
        var idOf = ids.ToDictionary(kv => kv.Value, kv => kv.Key);
        foreach (var (text, entities) in seeds)
        {
            var answer = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", new
            {
                documentId = idOf[text],
                spans = entities.Select(e => new { start = text.IndexOf(e.Words, StringComparison.Ordinal), end = text.IndexOf(e.Words, StringComparison.Ordinal) + e.Words.Length, label = e.Label }).ToArray(),
            });
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        }

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
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

        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/annotate");
        var docText = page.GetByTestId("doc-text");
        var status = page.GetByTestId("status");
        await Expect(page.GetByTestId("mode-correct")).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = Patience });
        await Expect(page.GetByTestId("type-PER")).ToContainTextAsync("A person's full name");

        // Correct mode: four regions, each tagged with both techniques; whatever the model pre-annotated wrongly is removed.
        var corrected = new Dictionary<long, (string Words, string Label)[]>();
        var shown = 0;
        for (var round = 0; round < 4; round++)
        {
            (var documentId, shown) = await NextRegionAsync(page, shown);
            var entities = expected[ids[documentId]];
            await TagRegionAsync(page, entities, round);
            await Expect(page.GetByTestId("region-place")).ToHaveTextAsync("The only sentence in this document");
            if (round == 1)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/span-ui-correct.png", FullPage = true });
            }

            await docText.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(status).ToContainTextAsync("Saved");
            if (round == 0)
            {
                // Ctrl+Z takes the answer back and shows the region again as it was answered; Enter saves it again.
                await NextRegionAsync(page, shown);
                await page.Keyboard.PressAsync("Control+z");
                await Expect(status).ToContainTextAsync("Undone");
                (var again, shown) = await NextRegionAsync(page, shown + 1);
                Assert.Equal(documentId, again);
                await Expect(page.GetByTestId("entity")).ToHaveCountAsync(entities.Length);
                await page.Keyboard.PressAsync("Enter");
                await Expect(status).ToContainTextAsync("Saved");
            }

            corrected[documentId] = entities;
        }

        await HostileTextChecks.AssertNothingRanAsync(page);

        // Switching to teach mode with corrections not saved asks first, keyboard first: Esc stays with them, Enter saves
        // them and goes on in teach mode. An extra, wrong entity makes sure there is something unsaved; Ctrl+Z then brings
        // the saved sentence back (in correct mode), the wrong entity goes and Enter saves the sentence as it should be.
        await WaitForModelAsync(http, projectId);
        {
            (var documentId, shown) = await NextRegionAsync(page, shown);
            var entities = expected[ids[documentId]];
            await TagRegionAsync(page, entities, 4);
            await docText.FocusAsync();
            await page.Keyboard.PressAsync("End");
            await page.Keyboard.PressAsync("l");
            await Expect(status).ToContainTextAsync("Tagged “.” as LOC");
            await Expect(page.GetByTestId("save-state")).ToContainTextAsync("you have changed this sentence");
            await Expect(page.GetByTestId("enter-meaning")).ToContainTextAsync($"Enter saves this sentence with the {entities.Length + 1} entities shown");
            var switchQuestion = page.GetByTestId("switch-question");
            await page.GetByTestId("mode-teach").ClickAsync();
            await Expect(switchQuestion).ToBeVisibleAsync();
            await Expect(page.GetByTestId("switch-save")).ToBeFocusedAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/span-ui-switch.png", FullPage = true });
            await page.Keyboard.PressAsync("Escape");
            await Expect(switchQuestion).ToBeHiddenAsync();
            await Expect(page.GetByTestId("mode-correct")).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(page.GetByTestId("entity")).ToHaveCountAsync(entities.Length + 1);

            await docText.FocusAsync();
            await page.Keyboard.PressAsync("m");
            await Expect(switchQuestion).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(status).ToContainTextAsync("Saved");
            await Expect(page.GetByTestId("mode-teach")).ToHaveAttributeAsync("aria-pressed", "true");
            (_, shown) = await NextRegionAsync(page, shown);
            var stored = await StoredSpansAsync(http, projectId, documentId);
            Assert.Equal(entities.Length + 1, stored.Count);

            await page.Keyboard.PressAsync("Control+z");
            await Expect(status).ToContainTextAsync("Undone");
            (var again, shown) = await NextRegionAsync(page, shown);
            Assert.Equal(documentId, again);
            await Expect(page.GetByTestId("entity")).ToHaveCountAsync(entities.Length + 1);
            await Expect(page.GetByTestId("mode-note")).ToContainTextAsync("took its answer back");
            await docText.FocusAsync();
            await page.Keyboard.PressAsync("End");
            await page.Keyboard.PressAsync("Delete");
            await Expect(status).ToContainTextAsync("Removed LOC “.”");
            await page.Keyboard.PressAsync("Enter");
            await Expect(status).ToContainTextAsync("Saved");
            corrected[documentId] = entities;
        }

        // Teach mode, remembered across a reload: one suggestion accepted, one rejected (and its document flagged).
        await page.GetByTestId("mode-teach").ClickAsync();
        await Expect(page.GetByTestId("mode-teach")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("mode-teach")).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = Patience });
        var accepted = new List<(long Document, string Words, string Label)>();
        var rejected = new List<(long Document, string Words, string Label)>();
        long? flagged = null;
        shown = 0;
        for (var round = 0; round < 8 && rejected.Count == 0; round++)
        {
            (var documentId, shown) = await NextRegionAsync(page, shown);
            var question = page.GetByTestId("teach-question");
            if (!await question.IsVisibleAsync())
            {
                // No suggestion here: the region is in correct mode, and says so.
                await Expect(page.GetByTestId("mode-note")).ToContainTextAsync("nothing to suggest");
                await page.Keyboard.PressAsync("Space");
                await Expect(status).ToContainTextAsync("Skipped");
                continue;
            }

            var mark = page.GetByTestId("entity");
            await Expect(mark).ToHaveCountAsync(1);
            var (first, last, label) = await MarkAsync(mark);
            var words = string.Join(' ', (await TokensAsync(page))[first..(last + 1)]);
            if (accepted.Count == 0)
            {
                await Expect(page.GetByTestId("teach-type")).ToContainTextAsync($"{label} means: ");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/span-ui-teach.png", FullPage = true });
                await page.Keyboard.PressAsync("Enter");
                await Expect(status).ToContainTextAsync($"Accepted: “{words}”");
                accepted.Add((documentId, words, label));
            }
            else
            {
                // f flags the document with a note (hostile text, shown as text), sent with the answer.
                await page.Keyboard.PressAsync("f");
                await Expect(page.GetByTestId("flag-note")).ToBeFocusedAsync();
                await page.GetByTestId("flag-note").FillAsync(Hostile);
                await page.GetByTestId("flag-note").PressAsync("Enter");
                await Expect(page.GetByTestId("flag-state")).ToContainTextAsync($"⚑ Flagged: {Hostile}");
                await Expect(docText).ToBeFocusedAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/span-ui-flag.png", FullPage = true });
                await page.Keyboard.PressAsync("x");
                await Expect(status).ToContainTextAsync("Rejected");
                await Expect(status).ToContainTextAsync("The document is flagged.");
                rejected.Add((documentId, words, label));
                flagged = documentId;
            }
        }

        Assert.Single(accepted);
        Assert.Single(rejected);

        // What the server stored: each corrected region's entities exactly, the accepted span, the rejected one as rejected.
        foreach (var (documentId, entities) in corrected)
        {
            var spans = await StoredSpansAsync(http, projectId, documentId);
            Assert.Equal(entities.Select(e => (Start: ids[documentId].IndexOf(e.Words, StringComparison.Ordinal), End: ids[documentId].IndexOf(e.Words, StringComparison.Ordinal) + e.Words.Length, e.Label, Rejected: false)).Order(), spans.Order());
        }

        foreach (var (documentId, words, label) in accepted)
        {
            var start = ids[documentId].IndexOf(words, StringComparison.Ordinal);
            Assert.Contains((start, start + words.Length, label, false), await StoredSpansAsync(http, projectId, documentId));
        }

        foreach (var (documentId, words, label) in rejected)
        {
            var start = ids[documentId].IndexOf(words, StringComparison.Ordinal);
            Assert.Contains((start, start + words.Length, label, true), await StoredSpansAsync(http, projectId, documentId));
        }

        var flaggedAnswer = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents/{flagged}")).GetProperty("annotations").EnumerateArray()
            .Single(a => a.GetProperty("author").GetString() == "annotator" && a.GetProperty("isCurrent").GetBoolean());
        Assert.True(flaggedAnswer.GetProperty("flagged").GetBoolean());
        Assert.Equal(Hostile, flaggedAnswer.GetProperty("flagNote").GetString());
        await HostileTextChecks.AssertNothingRanAsync(page);

        // The CoNLL export: every corrected region as tagged, the accepted span tagged, the rejected one not as its type.
        var conll = await http.GetAsync($"/api/v1/projects/{projectId}/export?format=conll");
        var exported = await conll.Content.ReadAsStringAsync();
        {
            Assert.True(conll.IsSuccessStatusCode, exported);
            var sentences = ParseConll(exported);
            foreach (var (documentId, entities) in corrected)
            {
                var tags = SentenceOf(sentences, ids[documentId]);
                Assert.Equal(ExpectedTags([.. tags.Select(t => t.Token)], entities), tags.Select(t => t.Tag).ToList());
            }

            foreach (var (documentId, words, label) in accepted)
            {
                // A sentence with only a judged span is not answered completely: an exporter may leave it out, but not mistag it.
                var tags = SentenceOrNull(sentences, ids[documentId]);
                if (tags is null)
                {
                    output.WriteLine($"The CoNLL export leaves out the sentence with the accepted span “{words}” ({label}).");
                    continue;
                }

                var (first, last) = Find([.. tags.Select(t => t.Token)], words);
                Assert.Equal($"B-{label}", tags[first].Tag);
                Assert.All(tags.Skip(first + 1).Take(last - first), t => Assert.Equal($"I-{label}", t.Tag));
            }

            foreach (var (documentId, words, label) in rejected)
            {
                var tags = SentenceOrNull(sentences, ids[documentId]);
                if (tags is not null)
                {
                    Assert.NotEqual($"B-{label}", tags[Find([.. tags.Select(t => t.Token)], words).First].Tag);
                }
            }
        }

        // Back to correct mode with the m key: now the model's spans come pre-annotated, with their probability. (Last,
        // as skipping a document replaces the answers given on it.)
        await page.Keyboard.PressAsync("m");
        await Expect(page.GetByTestId("mode-correct")).ToHaveAttributeAsync("aria-pressed", "true");
        (_, shown) = await NextRegionAsync(page, shown);
        var fromModel = page.Locator("[data-testid=entity][aria-label*='% sure']");
        for (var skips = 0; skips < 4 && await fromModel.CountAsync() == 0; skips++)
        {
            // A region whose entities the annotator already judged in teach mode shows those (no probability): the next.
            await page.Keyboard.PressAsync("Space");
            (_, shown) = await NextRegionAsync(page, shown);
        }

        await Expect(fromModel.First).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(@", model \d+% sure$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/span-ui-correct-model.png", FullPage = true });

        // The Model tab says what the tagger reads: the words and the labelled entities here (no GloVe vectors in this
        // data folder), and how to give it the vectors.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/model");
        await Expect(page.GetByTestId("tagger-features")).ToContainTextAsync("remembers the entities marked so far");
        await Expect(page.GetByTestId("tagger-features")).ToContainTextAsync("./tagloop models pull glove-100d");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/span-ui-model.png", FullPage = true });

        Assert.Empty(consoleErrors);
    }

    /// <summary>
    /// Tags a region in correct mode as <paramref name="entities"/> say: wrong pre-annotations selected by a click and
    /// removed with Delete, each entity selected by keyboard (arrows, Shift) or mouse (drag, double-click) by turns and
    /// tagged with its type's key; then checks the marks drawn.
    /// </summary>
    private static async Task TagRegionAsync(IPage page, (string Words, string Label)[] entities, int round)
    {
        var docText = page.GetByTestId("doc-text");
        var status = page.GetByTestId("status");
        var tokens = await TokensAsync(page);
        // Wrong pre-annotations go: click selects the entity, Delete removes it.
        foreach (var mark in await page.GetByTestId("entity").AllAsync())
        {
            var (first, last, label) = await MarkAsync(mark);
            if (!entities.Any(e => Find(tokens, e.Words) == (first, last) && e.Label == label))
            {
                await mark.Locator("[data-token]").First.ClickAsync();
                await page.Keyboard.PressAsync("Delete");
                await Expect(status).ToContainTextAsync("Removed");
            }
        }

        for (var e = 0; e < entities.Length; e++)
        {
            var (first, last) = Find(tokens, entities[e].Words);
            var key = entities[e].Label == "PER" ? "p" : "l";
            var byKeyboard = (round + e) % 2 == 0;
            if (byKeyboard)
            {
                await docText.FocusAsync();
                await page.Keyboard.PressAsync("Home");
                for (var i = 0; i < first; i++)
                {
                    await page.Keyboard.PressAsync("ArrowRight");
                }

                for (var i = first; i < last; i++)
                {
                    await page.Keyboard.PressAsync("Shift+ArrowRight");
                }
            }
            else if (first == last)
            {
                await docText.Locator($"#tok-{first}").DblClickAsync();
            }
            else
            {
                // A drag from inside the first word to inside the last: the selection snaps out to whole words.
                var from = (await docText.Locator($"#tok-{first}").BoundingBoxAsync())!;
                var to = (await docText.Locator($"#tok-{last}").BoundingBoxAsync())!;
                await page.Mouse.MoveAsync(from.X + (from.Width * 0.6f), from.Y + (from.Height / 2));
                await page.Mouse.DownAsync();
                await page.Mouse.MoveAsync(to.X + (to.Width * 0.3f), to.Y + (to.Height / 2), new() { Steps = 5 });
                await page.Mouse.UpAsync();
            }

            await Expect(page.GetByTestId("selection")).ToContainTextAsync($"“{entities[e].Words}”");
            await page.Keyboard.PressAsync(key);
            await Expect(status).ToContainTextAsync($"Tagged “{entities[e].Words}” as {entities[e].Label}");
        }

        var marks = new List<(int, int, string)>();
        foreach (var mark in await page.GetByTestId("entity").AllAsync())
        {
            marks.Add(await MarkAsync(mark));
        }

        Assert.Equal(entities.Select(e => (Find(tokens, e.Words).First, Find(tokens, e.Words).Last, e.Label)).Order(), marks.Order());
    }

    /// <summary>Waits for the next region shown (the count of regions shown grows past <paramref name="shown"/>); its document's id and the new count.</summary>
    private static async Task<(long Document, int Shown)> NextRegionAsync(IPage page, int shown)
    {
        var docText = page.GetByTestId("doc-text");
        await Expect(docText).ToHaveAttributeAsync("data-shown", new System.Text.RegularExpressions.Regex("^[0-9]+$"), new() { Timeout = Patience });
        await page.WaitForFunctionAsync(
            "shown => Number(document.querySelector('[data-testid=doc-text]').dataset.shown) > shown",
            shown,
            new() { Timeout = Patience });
        await Expect(docText).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("stale"), new() { Timeout = Patience });
        return (long.Parse((await docText.GetAttributeAsync("data-document-id"))!, CultureInfo.InvariantCulture),
            int.Parse((await docText.GetAttributeAsync("data-shown"))!, CultureInfo.InvariantCulture));
    }

    /// <summary>The spans of the page's annotator's current answer on a document, as stored.</summary>
    private static async Task<List<(int Start, int End, string Label, bool Rejected)>> StoredSpansAsync(HttpClient http, int projectId, long documentId)
    {
        var document = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents/{documentId}");
        var answer = document.GetProperty("annotations").EnumerateArray()
            .Single(a => a.GetProperty("author").GetString() == "annotator" && a.GetProperty("isCurrent").GetBoolean());
        return [.. answer.GetProperty("spans").EnumerateArray().Select(s => (
            s.GetProperty("start").GetInt32(),
            s.GetProperty("end").GetInt32(),
            s.GetProperty("label").GetString()!,
            s.TryGetProperty("rejected", out var r) && r.GetBoolean()))];
    }

    /// <summary>The exported sentence of one of this test's one-sentence documents (its tokens make up its text, spaces aside), or null.</summary>
    private static List<(string Token, string Tag)>? SentenceOrNull(List<List<(string Token, string Tag)>> sentences, string text) =>
        sentences.SingleOrDefault(s => string.Concat(s.Select(t => t.Token)) == text.Replace(" ", "", StringComparison.Ordinal));

    private static List<(string Token, string Tag)> SentenceOf(List<List<(string Token, string Tag)>> sentences, string text) =>
        SentenceOrNull(sentences, text) ?? throw new InvalidOperationException($"The export has no sentence '{text}'.");

    /// <summary>The region's tokens as drawn, in order.</summary>
    private static async Task<List<string>> TokensAsync(IPage page) =>
        [.. await page.GetByTestId("doc-text").Locator("[data-token]").AllInnerTextsAsync()];

    private static async Task<(int First, int Last, string Label)> MarkAsync(ILocator mark) =>
        (int.Parse((await mark.GetAttributeAsync("data-first"))!, CultureInfo.InvariantCulture),
         int.Parse((await mark.GetAttributeAsync("data-last"))!, CultureInfo.InvariantCulture),
         (await mark.GetAttributeAsync("data-label"))!);

    /// <summary>Where a run of words (split at spaces) stands among the tokens.</summary>
    private static (int First, int Last) Find(IReadOnlyList<string> tokens, string words)
    {
        var parts = words.Split(' ');
        for (var i = 0; i + parts.Length <= tokens.Count; i++)
        {
            if (parts.Select((p, j) => tokens[i + j] == p).All(x => x))
            {
                return (i, i + parts.Length - 1);
            }
        }

        throw new InvalidOperationException($"'{words}' is not among the tokens: {string.Join(" | ", tokens)}");
    }

    private static List<string> ExpectedTags(List<string> tokens, (string Words, string Label)[] entities)
    {
        var tags = tokens.Select(_ => "O").ToList();
        foreach (var (words, label) in entities)
        {
            var (first, last) = Find(tokens, words);
            tags[first] = $"B-{label}";
            for (var i = first + 1; i <= last; i++)
            {
                tags[i] = $"I-{label}";
            }
        }

        return tags;
    }

    /// <summary>CoNLL sentences: "TOKEN TAG" lines, blank lines between sentences, -DOCSTART- lines left out.</summary>
    private static List<List<(string Token, string Tag)>> ParseConll(string text)
    {
        var sentences = new List<List<(string, string)>>();
        var current = new List<(string, string)>();
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.Length == 0 || line.StartsWith("-DOCSTART-", StringComparison.Ordinal))
            {
                if (current.Count > 0)
                {
                    sentences.Add(current);
                    current = [];
                }

                continue;
            }

            var at = line.LastIndexOf(' ');
            current.Add((line[..at], line[(at + 1)..]));
        }

        if (current.Count > 0)
        {
            sentences.Add(current);
        }

        return sentences;
    }

    /// <summary>Waits until the project's tagger has been trained (a succeeded run in the model's history), so that teach mode has something to suggest.</summary>
    private static async Task WaitForModelAsync(HttpClient http, int projectId)
    {
        for (var i = 0; i < 240; i++)
        {
            var runs = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/model/history");
            if (runs.EnumerateArray().Any(r => r.GetProperty("status").GetString() == "succeeded"))
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail("No tagger was trained within two minutes.");
    }
}
