using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

public class AnnotationApiTests : IDisposable
{
    private readonly TagloopApp app;

    public AnnotationApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected AnnotationApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_queue_serves_each_document_once_to_an_annotator_and_then_204()
    {
        var project = await app.CreateProjectAsync();
        await app.SeedDocumentsAsync(project, Enumerable.Range(0, 5).Select(i => $"document {i}"));
        var client = app.ClientFor("ana");
        var seen = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var task = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
            var id = task.GetProperty("documentId").GetInt64();
            Assert.DoesNotContain(id, seen);
            seen.Add(id);
            var answer = i == 2
                ? new { documentId = id, labels = Array.Empty<string>(), skip = true }
                : new { documentId = id, labels = new[] { "spam" }, skip = false };
            var posted = await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", answer);
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        // The skipped one comes back last, saying so; once answered, nothing is left.
        var back = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(seen[2], back.GetProperty("documentId").GetInt64());
        Assert.True(back.GetProperty("skippedBefore").GetBoolean());
        Assert.Contains("skipped", back.GetProperty("reason").GetString(), StringComparison.Ordinal);
        (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = seen[2], labels = new[] { "ham" } })).EnsureSuccessStatusCode();
        var done = await client.GetAsync($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
    }

    [Fact]
    public async Task Asking_again_without_answering_returns_the_same_leased_document()
    {
        var project = await app.CreateProjectAsync();
        await app.SeedDocumentsAsync(project, ["a", "b", "c"]);
        var client = app.ClientFor("ana");
        var first = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        var again = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(first.GetProperty("documentId").GetInt64(), again.GetProperty("documentId").GetInt64());
    }

    [Fact]
    public async Task Two_annotators_asking_at_once_get_different_documents()
    {
        var project = await app.CreateProjectAsync();
        await app.SeedDocumentsAsync(project, Enumerable.Range(0, 20).Select(i => $"text {i}"));
        var clients = Enumerable.Range(0, 8).Select(i => app.ClientFor($"annotator {i}")).ToList();
        var tasks = await Task.WhenAll(clients.Select(c => c.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next")));
        var ids = tasks.Select(t => t.GetProperty("documentId").GetInt64()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_skipped_document_goes_to_another_annotator_and_back_to_the_one_who_skipped_only_when_nothing_else_is_left()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["only one"]);
        var ana = app.ClientFor("ana");
        var bob = app.ClientFor("bob");
        await ana.GetAsync($"/api/v1/projects/{project}/tasks/next");
        (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], skip = true })).EnsureSuccessStatusCode();

        var forBob = await bob.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(ids[0], forBob.GetProperty("documentId").GetInt64());
        Assert.False(forBob.GetProperty("skippedBefore").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await ana.GetAsync($"/api/v1/projects/{project}/tasks/next")).StatusCode);

        // Bob passes too: it is free again, and comes back to ana as one she skipped.
        (await bob.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], skip = true })).EnsureSuccessStatusCode();
        var back = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(ids[0], back.GetProperty("documentId").GetInt64());
        Assert.True(back.GetProperty("skippedBefore").GetBoolean());
    }

    [Fact]
    public async Task Relabelling_keeps_the_flag_and_its_note_unless_the_answer_says_otherwise()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["garbled ��� text"]);
        var ana = app.ClientFor("ana");
        (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "spam" }, flag = true, flagNote = "half the text is mojibake" })).EnsureSuccessStatusCode();

        // Relabelled from the document page, which says nothing of the flag: it stays, note and all.
        var relabelled = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "ham" } });
        var body = await relabelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("flagged").GetBoolean());
        Assert.Equal("half the text is mojibake", body.GetProperty("flagNote").GetString());
        var flagged = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents?filter=flagged");
        Assert.Equal(1, flagged.GetProperty("total").GetInt32());

        // A new note replaces it; flag: false takes the flag away.
        body = await (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "ham" }, flagNote = "checked: it is readable" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("checked: it is readable", body.GetProperty("flagNote").GetString());
        body = await (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "ham" }, flag = false })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("flagged").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("flagNote").ValueKind);

        // Another annotator's answer never takes ana's flag.
        body = await (await app.ClientFor("bob").PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "spam" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("flagged").GetBoolean());
    }

    [Fact]
    public async Task A_skip_does_not_retrain_the_model_an_answer_does()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["win cash now", "meeting at noon", "claim your prize", "lunch on friday", "free money"]);
        var ana = app.ClientFor("ana");
        foreach (var (id, label) in new[] { (ids[0], "spam"), (ids[1], "ham") })
        {
            (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = id, labels = new[] { label } })).EnsureSuccessStatusCode();
        }

        // Runs asked for by the two answers may follow one another: the version that stands once they are done (the
        // same for three seconds running; on a loaded machine a run may wait its turn).
        await WaitForVersionAsync(ana, project, v => v >= 1);
        var model = 0;
        for (var (steady, look) = (0, 0); steady < 60 && look < 600; look++)
        {
            await Task.Delay(50);
            var version = (await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model")).GetProperty("version").GetInt32();
            (steady, model) = version == model ? (steady + 1, model) : (0, version);
        }

        (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[2], skip = true })).EnsureSuccessStatusCode();
        (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[3], skip = true })).EnsureSuccessStatusCode();

        // A retrain of a model this small takes milliseconds: a second and a half without a new version means none was asked for.
        for (var look = 0; look < 30; look++)
        {
            await Task.Delay(50);
            Assert.Equal(model, (await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model")).GetProperty("version").GetInt32());
        }

        // An answer after the skips makes exactly one more version.
        (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[4], labels = new[] { "spam" } })).EnsureSuccessStatusCode();
        var after = await WaitForVersionAsync(ana, project, v => v > model);
        Assert.Equal(model + 1, after);

        // The history records a run once it is evaluated, a moment after the model is published: none beyond it.
        var history = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model/history");
        for (var look = 0; look < 600 && !history.EnumerateArray().Any(r => r.GetProperty("version").GetInt32() == after); look++)
        {
            await Task.Delay(50);
            history = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model/history");
        }

        Assert.Equal(after, history.EnumerateArray().Max(r => r.GetProperty("version").GetInt32()));
    }

    private static async Task<int> WaitForVersionAsync(HttpClient client, int project, Func<int, bool> wanted)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var model = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
            var version = model.GetProperty("version").GetInt32();
            if (wanted(version))
            {
                return version;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No model version as wanted within 30 s.");
    }

    [Fact]
    public async Task Undo_deletes_the_answer_and_restores_the_previous_one()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["win a prize now"]);
        var client = app.ClientFor("ana");
        var first = await (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "ham" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "spam" }, secondsSpent = 3.5 }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/stats");
        Assert.Equal(1, stats.GetProperty("labelled").GetInt32());
        Assert.Equal(1, LabelCount(stats, "spam"));
        Assert.Equal(0, LabelCount(stats, "ham"));

        var undo = await client.DeleteAsync($"/api/v1/projects/{project}/annotations/{second.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.NoContent, undo.StatusCode);
        stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/stats");
        Assert.Equal(1, LabelCount(stats, "ham"));
        Assert.Equal(0, LabelCount(stats, "spam"));

        var document = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents/{ids[0]}");
        var history = document.GetProperty("annotations").EnumerateArray().ToList();
        Assert.Single(history);
        Assert.Equal(first.GetProperty("id").GetInt64(), history[0].GetProperty("id").GetInt64());
        Assert.True(history[0].GetProperty("isCurrent").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/projects/{project}/annotations/{second.GetProperty("id").GetInt64()}")).StatusCode);
    }

    [Fact]
    public async Task Wrong_answers_are_refused_with_a_message_naming_the_value()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["x"]);
        var client = app.ClientFor("ana");

        var unknown = await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "eggs" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'eggs'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var two = await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "spam", "ham" } });
        Assert.Equal(HttpStatusCode.BadRequest, two.StatusCode);

        var none = await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);

        var missing = await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = 12345, labels = new[] { "spam" } });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var badName = app.ClientFor("<script>");
        var refused = await badName.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "spam" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/stats");
        Assert.Equal(0, stats.GetProperty("annotations").GetInt32());
    }

    [Fact]
    public async Task A_multi_label_project_takes_several_labels_and_browse_filters_find_them()
    {
        var project = await app.CreateProjectAsync("Topics", multiLabel: true, "sport", "money", "politics");
        var ids = await app.SeedDocumentsAsync(project, ["the match was won", "tax on football clubs", "an election", "nothing"]);
        var client = app.ClientFor("ana");
        await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "sport" } });
        await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[1], labels = new[] { "sport", "money" }, flag = true, flagNote = "is this politics too?" });
        await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[2], skip = true });

        async Task<List<long>> Browse(string query)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents?{query}");
            return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
        }

        Assert.Equal([ids[0], ids[1]], await Browse("filter=label:sport"));
        Assert.Equal([ids[1]], await Browse("filter=label:money"));
        Assert.Equal([ids[1]], await Browse("filter=flagged"));
        Assert.Equal([ids[2]], await Browse("filter=skipped"));
        Assert.Equal([ids[2], ids[3]], await Browse("filter=unlabelled"));
        Assert.Equal([ids[0], ids[1]], await Browse("filter=labelled"));
        Assert.Equal([ids[1]], await Browse("q=FOOTBALL"));
        Assert.Equal([ids[2]], await Browse("page=3&pageSize=1"));

        // Past the end is an empty page with the total, however far (no overflow back to page 1).
        Assert.Empty(await Browse("page=5&pageSize=1"));
        Assert.Empty(await Browse("page=2147483647&pageSize=200"));
        Assert.Equal(4, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents?page=2147483647")).GetProperty("total").GetInt32());

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents?filter=flagged");
        var row = page.GetProperty("items")[0];
        Assert.Equal(["sport", "money"], row.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.True(row.GetProperty("flagged").GetBoolean());

        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/stats");
        Assert.Equal(4, stats.GetProperty("total").GetInt32());
        Assert.Equal(2, stats.GetProperty("labelled").GetInt32());
        Assert.Equal(1, stats.GetProperty("skipped").GetInt32());
        Assert.Equal(1, stats.GetProperty("flagged").GetInt32());
        Assert.Equal(2, LabelCount(stats, "sport"));
    }

    [Fact]
    public async Task Search_treats_percent_and_underscore_literally()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["100% sure", "1000 sure", "a_b", "axb"]);
        var client = app.CreateClient();
        var percent = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents?q={Uri.EscapeDataString("100%")}");
        Assert.Equal([ids[0]], percent.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        var underscore = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents?q=a_b");
        Assert.Equal([ids[2]], underscore.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
    }

    private static int LabelCount(JsonElement stats, string label) =>
        stats.GetProperty("labels").EnumerateArray().Single(l => l.GetProperty("name").GetString() == label).GetProperty("count").GetInt32();
}
