using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// The Explore tab in real Chromium, its map drawn by WebGL on SwiftShader: a region lassoed with Shift + drag and
/// labelled in one go, then a group nobody labelled sent to the queue and one of its documents answered.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ExploreTabTests(BrowserFixture browser) : IDisposable
{
    private const string Hostile = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";

    /// <summary>The whole-map view shows [-1, 1]² at this share of the canvas's smaller side (web/src/lasso.ts, FIT_SHARE).</summary>
    private const double FitShare = 0.9;

    private static readonly string ShotDir = Path.Combine(Path.GetTempPath(), "ui-shots");

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_lassoed_region_is_labelled_in_one_go_and_a_group_nobody_labelled_goes_to_the_queue()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var created = await http.PostAsJsonAsync("/api/v1/projects", new
        {
            name = "Mixed news",
            encoder = "tfidf",
            labels = new[] { new { name = "sport", key = "s" }, new { name = "cooking", key = "c" }, new { name = "law", key = "l" } },
        });
        created.EnsureSuccessStatusCode();
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var texts = Documents();
        using (var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), System.Text.Encoding.UTF8, "application/x-ndjson"))
        {
            (await http.PostAsync($"/api/v1/projects/{projectId}/documents", body)).EnsureSuccessStatusCode();
        }

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
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

        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/explore");
        Assert.True(await page.EvaluateAsync<bool>("() => !!document.createElement('canvas').getContext('webgl2')"), "Chromium gave no WebGL 2 context (SwiftShader): the map cannot be drawn.");

        // The map appears once the documents are read and placed, before any label.
        var map = page.GetByTestId("explore-map");
        await Expect(map).ToHaveAttributeAsync("data-drawn", texts.Count.ToString(CultureInfo.InvariantCulture), new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("explore-groups").Locator("li.explore-group").First).ToBeVisibleAsync();
        Directory.CreateDirectory(ShotDir);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ShotDir, "explore-map.png"), FullPage = true });

        var points = await MapPointsAsync(http, projectId);
        Assert.Equal(texts.Count, points.Count);

        // The pointer on a dot shows its document, as text (a hostile one if one stands apart from the others).
        var box = (await page.GetByTestId("explore-canvas").BoundingBoxAsync())!;
        var screen = points.ToDictionary(p => p.DocumentId, p => ToScreen(box, p.X, p.Y));
        var alone = points
            .OrderByDescending(p => p.Text.Contains("onerror", StringComparison.Ordinal))
            .First(p => points.Where(o => o != p).All(o => Distance(screen[o.DocumentId], screen[p.DocumentId]) > 12));
        await page.Mouse.MoveAsync((float)screen[alone.DocumentId].X, (float)screen[alone.DocumentId].Y);
        await Expect(page.GetByTestId("explore-hover-text")).ToHaveTextAsync(alone.Text);
        Assert.Equal(0, await page.GetByTestId("explore-hover").Locator("img, script").CountAsync());

        // Lasso, with Shift held, a rectangle round the group that holds the hostile documents (the law ones).
        var hostileId = points.First(p => p.Text.Contains("onerror", StringComparison.Ordinal)).Cluster;
        var (rectangle, inside) = RectangleRound(points.Where(p => p.Cluster == hostileId).Select(p => screen[p.DocumentId]).ToList(), screen, box);
        Assert.NotEmpty(inside);

        await page.Keyboard.DownAsync("Shift");
        await page.Mouse.MoveAsync((float)rectangle[0].X, (float)rectangle[0].Y);
        await page.Mouse.DownAsync();
        foreach (var corner in rectangle.Skip(1).Append(rectangle[0]))
        {
            await page.Mouse.MoveAsync((float)corner.X, (float)corner.Y, new() { Steps = 12 });
        }

        await page.Mouse.UpAsync();
        await page.Keyboard.UpAsync("Shift");

        var summary = page.GetByTestId("explore-selection-summary");
        await Expect(summary).ToContainTextAsync($"{inside.Count} document{(inside.Count == 1 ? "" : "s")} chosen");
        await Expect(page.GetByTestId("explore-selection-text").First).Not.ToHaveTextAsync("…");
        Assert.Equal(0, await page.GetByTestId("explore-selection").Locator("img, script").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ShotDir, "explore-lasso.png"), FullPage = true });

        // Label them all "law", confirming a sentence that names the count and the label.
        await page.GetByTestId("explore-bulk-label").SelectOptionAsync("law");
        await page.GetByTestId("explore-bulk").ClickAsync();
        await Expect(page.GetByTestId("explore-bulk-confirm-sentence")).ToContainTextAsync($"Label all {inside.Count} document");
        await Expect(page.GetByTestId("explore-bulk-confirm-sentence")).ToContainTextAsync("“law”");
        await page.GetByTestId("explore-bulk-confirm-yes").ClickAsync();
        await Expect(page.GetByTestId("explore-selection-status")).ToContainTextAsync($"Labelled {inside.Count} document");

        foreach (var documentId in inside)
        {
            var document = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents/{documentId}");
            var answers = document.GetProperty("annotations").EnumerateArray().Select(a => string.Join(",", a.GetProperty("labels").EnumerateArray().Select(l => l.GetString()))).ToList();
            Assert.Equal(["law"], answers);
        }

        var labelled = inside.ToHashSet();
        foreach (var point in points.Where(p => !labelled.Contains(p.DocumentId)))
        {
            var document = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents/{point.DocumentId}");
            Assert.Equal(0, document.GetProperty("annotations").GetArrayLength());
        }

        await HostileTextChecks.AssertNothingRanAsync(page);

        // A group nobody labelled: "Label some of these" puts its documents first in the queue.
        var clusters = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/clusters");
        var open = clusters.GetProperty("clusters").EnumerateArray()
            .Where(c => c.GetProperty("labelled").GetInt32() == 0)
            .Select(c => c.GetProperty("id").GetInt32())
            .First();
        var groupDocuments = points.Where(p => p.Cluster == open).Select(p => p.DocumentId).ToHashSet();
        var group = page.GetByTestId($"explore-group-{open}");
        await Expect(group.GetByTestId($"explore-group-{open}-uncovered")).ToBeVisibleAsync();
        await group.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ShotDir, "explore-groups.png"), FullPage = true });
        await group.GetByTestId($"explore-group-{open}-queue").ClickAsync();

        // Under load the queue may wait for its pool to be read again after the bulk answers: give it time.
        await page.WaitForURLAsync($"**/#/projects/{projectId}/annotate", new() { Timeout = 90_000 });
        var docText = page.GetByTestId("doc-text");
        await Expect(docText).Not.ToBeEmptyAsync();
        var shown = (await docText.InnerTextAsync()).Trim();
        var shownId = points.Single(p => p.Text == shown).DocumentId;
        Assert.Contains(shownId, groupDocuments);
        await page.Keyboard.PressAsync("c");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("status")).ToContainTextAsync("cooking");
        var answered = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents/{shownId}");
        Assert.Equal("cooking", answered.GetProperty("annotations")[0].GetProperty("labels")[0].GetString());

        // "New rule from this group" opens the rule editor on a "reads like these" rule with the group's examples.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/explore");
        var examples = clusters.GetProperty("clusters").EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == open)
            .GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("documentId").GetInt64().ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId($"explore-group-{open}-new-rule").ClickAsync();
        await Expect(page.GetByTestId("rule-kind-similar")).ToBeCheckedAsync();
        await Expect(page.GetByTestId("rule-example-ids")).ToHaveValueAsync(string.Join(", ", examples));

        await HostileTextChecks.AssertNothingRanAsync(page);
        Assert.Empty(consoleErrors);
    }

    /// <summary>Sixty documents in three topics, twenty each, every text different; three law ones carry hostile markup.</summary>
    private static List<string> Documents()
    {
        string[] teams = ["Rovers", "United", "City", "Athletic", "Wanderers"];
        string[] dishes = ["risotto", "lasagne", "curry", "stew", "tart"];
        string[] parties = ["landlord", "supplier", "tenant", "contractor", "employer"];
        var texts = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            texts.Add($"Match report {i}: the {teams[i % 5]} striker scored twice, the goalkeeper saved a penalty and the coach praised the defence after the league game.");
            texts.Add($"Recipe {i}: simmer the {dishes[i % 5]} with garlic, onion and olive oil, season with salt and pepper, then bake in the oven until golden.");
            var law = $"Judgment {i}: the court held that the {parties[i % 5]} breached the contract; the judge awarded damages and dismissed the appeal with costs.";
            texts.Add(i % 7 == 0 ? $"{law} {Hostile}" : law);
        }

        return texts;
    }

    private sealed record MapPoint(string Text, long DocumentId, double X, double Y, int Cluster);

    /// <summary>The map's points, each with its document's text.</summary>
    private static async Task<List<MapPoint>> MapPointsAsync(HttpClient http, int projectId)
    {
        var map = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/map?pageSize=20000");
        Assert.Equal("ready", map.GetProperty("status").GetString());
        var raw = map.GetProperty("points").EnumerateArray().Select(p => (
            Id: p.GetProperty("documentId").GetInt64(),
            X: p.GetProperty("x").GetDouble(),
            Y: p.GetProperty("y").GetDouble(),
            Cluster: p.GetProperty("cluster").GetInt32())).ToList();
        var points = new List<MapPoint>();
        foreach (var p in raw)
        {
            var document = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/documents/{p.Id}");
            points.Add(new MapPoint(document.GetProperty("text").GetString()!, p.Id, p.X, p.Y, p.Cluster));
        }

        return points;
    }

    private static double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    /// <summary>Where a map point is drawn in the page at the whole-map view (web/src/lasso.ts, toScreen with fitView).</summary>
    private static (double X, double Y) ToScreen(LocatorBoundingBoxResult box, double x, double y)
    {
        var scale = Math.Min(box.Width, box.Height) * FitShare / 2;
        return (box.X + (box.Width / 2) + (x * scale), box.Y + (box.Height / 2) - (y * scale));
    }

    /// <summary>
    /// A rectangle round <paramref name="group"/> whose edges stay at least 4 pixels from every point (so that no point
    /// sits where the drawn lasso's edge could fall either way) and inside the canvas; its corners and the documents in it.
    /// </summary>
    private static ((double X, double Y)[] Corners, List<long> Inside) RectangleRound(List<(double X, double Y)> group, Dictionary<long, (double X, double Y)> all, LocatorBoundingBoxResult box)
    {
        for (var margin = 8.0; margin < 60; margin += 2)
        {
            var left = Math.Max(box.X + 2, group.Min(p => p.X) - margin);
            var right = Math.Min(box.X + box.Width - 2, group.Max(p => p.X) + margin);
            var top = Math.Max(box.Y + 2, group.Min(p => p.Y) - margin);
            var bottom = Math.Min(box.Y + box.Height - 2, group.Max(p => p.Y) + margin);
            bool Near(double v, double edge) => Math.Abs(v - edge) <= 4;
            bool Within(double v, double from, double to) => v >= from - 4 && v <= to + 4;
            var clear = !all.Values.Any(p =>
                ((Near(p.X, left) || Near(p.X, right)) && Within(p.Y, top, bottom)) ||
                ((Near(p.Y, top) || Near(p.Y, bottom)) && Within(p.X, left, right)));
            if (!clear)
            {
                continue;
            }

            var inside = all.Where(kv => kv.Value.X > left && kv.Value.X < right && kv.Value.Y > top && kv.Value.Y < bottom).Select(kv => kv.Key).OrderBy(id => id).ToList();
            return ([(left, top), (right, top), (right, bottom), (left, bottom)], inside);
        }

        throw new InvalidOperationException("No rectangle round the group keeps clear of every point.");
    }
}
