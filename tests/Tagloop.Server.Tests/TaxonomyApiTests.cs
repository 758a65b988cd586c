using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Taxonomy changes mid-project over the API: add, edit, merge, split, delete, each versioned, with the queue and model following.</summary>
public class TaxonomyApiTests : IDisposable
{
    private readonly TagloopApp app;

    public TaxonomyApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected TaxonomyApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Labels_are_added_and_edited_with_their_fields_checked_and_every_change_in_the_history()
    {
        var client = app.ClientFor("ana");
        var id = await app.CreateProjectAsync("Tickets", false, "billing", "bug");

        var added = await client.PostAsJsonAsync($"/api/v1/projects/{id}/labels", new { name = "  feature  ", color = "#123456", description = "Asks for something new." });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var feature = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("feature", feature.GetProperty("name").GetString());
        Assert.Equal("3", feature.GetProperty("key").GetString());
        Assert.Equal("#123456", feature.GetProperty("color").GetString());
        var featureId = feature.GetProperty("id").GetInt32();
        Assert.EndsWith($"/api/v1/projects/{id}/labels/{featureId}", added.Headers.Location!.ToString(), StringComparison.Ordinal);

        // Refusals name the field, and nothing is written.
        var taken = await client.PostAsJsonAsync($"/api/v1/projects/{id}/labels", new { name = "Billing" });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.True((await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
        var reserved = await client.PostAsJsonAsync($"/api/v1/projects/{id}/labels", new { name = "other", key = "f" });
        Assert.Contains("reserved", await reserved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badColour = await client.PatchAsJsonAsync($"/api/v1/projects/{id}/labels/{featureId}", new { color = "red" });
        Assert.True((await badColour.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("color", out _));
        var keyTaken = await client.PatchAsJsonAsync($"/api/v1/projects/{id}/labels/{featureId}", new { key = "1" });
        Assert.Contains("billing", await keyTaken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync($"/api/v1/projects/{id}/labels/99999", new { name = "x" })).StatusCode);

        var edited = await client.PatchAsJsonAsync($"/api/v1/projects/{id}/labels/{featureId}", new { name = "feature request", key = "r", color = "#abcdef" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var body = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("feature request", "r", "#abcdef", "Asks for something new."),
            (body.GetProperty("name").GetString(), body.GetProperty("key").GetString(), body.GetProperty("color").GetString(), body.GetProperty("description").GetString()));

        var labels = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/labels");
        Assert.Equal(["billing", "bug", "feature request"], labels.EnumerateArray().Select(l => l.GetProperty("name").GetString()));

        var history = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/labels/history")).EnumerateArray().ToList();
        Assert.Equal([2, 1], history.Select(h => h.GetProperty("version").GetInt32()));
        Assert.Equal(["edit", "add"], history.Select(h => h.GetProperty("kind").GetString()));
        Assert.All(history, h => Assert.Equal("ana", h.GetProperty("author").GetString()));
        Assert.Contains("renamed 'feature' to 'feature request'", history[0].GetProperty("summary").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_merge_moves_every_answer_to_the_label_merged_into_and_the_model_learns_the_new_set()
    {
        var client = app.ClientFor("ana");
        var id = await app.CreateProjectAsync("Tickets", false, "refund", "invoice", "bug");
        var ids = await app.SeedDocumentsAsync(id, Enumerable.Range(0, 12).Select(i => $"ticket number {i} about {(i % 3 == 0 ? "a refund" : i % 3 == 1 ? "an invoice" : "a crash")}"));
        for (var i = 0; i < 12; i++)
        {
            var label = i % 3 == 0 ? "refund" : i % 3 == 1 ? "invoice" : "bug";
            (await client.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = ids[i], labels = new[] { label } })).EnsureSuccessStatusCode();
        }

        var labels = await LabelIdsAsync(client, id);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/projects/{id}/labels/{labels["refund"]}/merge", new { into = labels["refund"] })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/projects/{id}/labels/{labels["refund"]}/merge", new { })).StatusCode);

        var merged = await client.PostAsJsonAsync($"/api/v1/projects/{id}/labels/{labels["refund"]}/merge", new { into = labels["invoice"] });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var result = await merged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, result.GetProperty("answers").GetInt32());
        Assert.Equal(1, result.GetProperty("version").GetInt32());

        Assert.Equal(["invoice", "bug"], (await LabelIdsAsync(client, id)).Keys);
        var invoice = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/documents?filter=label:invoice");
        Assert.Equal(8, invoice.GetProperty("total").GetInt32());
        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/stats");
        Assert.Equal(12, stats.GetProperty("labelled").GetInt32());

        // The merged label's former answers are kept as history.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            Assert.Equal(4, await db.RetiredAnnotationLabels.CountAsync(r => r.LabelName == "refund"));
        }

        // The model follows: it is retrained on two labels.
        var model = await WaitForModelAsync(client, id, m => m.GetProperty("classes").GetArrayLength() == 2);
        Assert.Equal(["invoice", "bug"], model.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task A_split_sends_its_documents_to_the_front_of_the_queue_and_an_undo_never_brings_the_old_answer_back()
    {
        var client = app.ClientFor("ana");
        var id = await app.CreateProjectAsync("Tickets", false, "billing", "bug");
        var ids = await app.SeedDocumentsAsync(id, Enumerable.Range(0, 30).Select(i => $"ticket {i} text {i * 7919 % 1000}"));
        var billed = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var label = i < 3 ? "billing" : "bug";
            (await client.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = ids[i], labels = new[] { label } })).EnsureSuccessStatusCode();
            if (i < 3)
            {
                billed.Add(ids[i]);
            }
        }

        var labels = await LabelIdsAsync(client, id);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/projects/{id}/labels/{labels["billing"]}/split", new { into = new[] { new { name = "refund" } } })).StatusCode);
        var clash = await client.PostAsJsonAsync($"/api/v1/projects/{id}/labels/{labels["billing"]}/split", new { into = new[] { new { name = "refund" }, new { name = "bug" } } });
        Assert.True((await clash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("into[1].name", out _));

        var split = await client.PostAsJsonAsync($"/api/v1/projects/{id}/labels/{labels["billing"]}/split", new { into = new object[] { new { name = "refund", key = "r" }, new { name = "invoice" } } });
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        var result = await split.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, result.GetProperty("documentsRequeued").GetInt32());
        Assert.Equal(["refund", "invoice"], result.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(["refund", "invoice", "bug"], (await LabelIdsAsync(client, id)).Keys);

        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/stats");
        Assert.Equal(3, stats.GetProperty("labelled").GetInt32());

        // The three come first, to anyone, with the reason.
        var bo = app.ClientFor("bo");
        var served = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var task = await bo.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/tasks/next");
            Assert.True(task.GetProperty("relabel").GetBoolean());
            Assert.Contains("split into 'refund', 'invoice'", task.GetProperty("reason").GetString(), StringComparison.Ordinal);
            var document = task.GetProperty("documentId").GetInt64();
            served.Add(document);
            (await bo.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = document, labels = new[] { "refund" } })).EnsureSuccessStatusCode();
        }

        Assert.Equal(billed.Order(), served.Order());
        var next = await bo.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/tasks/next");
        Assert.False(next.GetProperty("relabel").GetBoolean());

        // Ana answers one of them again and undoes it: her split-away answer does not come back.
        var again = await client.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = billed[0], labels = new[] { "invoice" } });
        var answer = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await client.DeleteAsync($"/api/v1/projects/{id}/annotations/{answer}")).EnsureSuccessStatusCode();
        var document0 = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/documents/{billed[0]}");
        var current = document0.GetProperty("annotations").EnumerateArray().Where(a => a.GetProperty("isCurrent").GetBoolean()).ToList();
        Assert.Equal(["bo"], current.Select(a => a.GetProperty("author").GetString()));
        Assert.Equal(["refund"], current[0].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("split", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/labels/history")).EnumerateArray().First().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_deleted_label_leaves_the_counts_and_its_documents_open_again_and_the_last_label_cannot_go()
    {
        var client = app.ClientFor("ana");
        var id = await app.CreateProjectAsync("Mail", false, "spam", "ham", "newsletter");
        var ids = await app.SeedDocumentsAsync(id, Enumerable.Range(0, 9).Select(i => $"mail {i}"));
        for (var i = 0; i < 9; i++)
        {
            var label = new[] { "spam", "ham", "newsletter" }[i % 3];
            (await client.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = ids[i], labels = new[] { label } })).EnsureSuccessStatusCode();
        }

        var labels = await LabelIdsAsync(client, id);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/projects/{id}/labels/{labels["newsletter"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/projects/{id}/labels/{labels["newsletter"]}")).StatusCode);

        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/stats");
        Assert.Equal(6, stats.GetProperty("labelled").GetInt32());
        var unlabelled = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/documents?filter=unlabelled");
        Assert.Equal(3, unlabelled.GetProperty("total").GetInt32());
        var task = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/tasks/next");
        Assert.Contains(task.GetProperty("documentId").GetInt64(), new[] { ids[2], ids[5], ids[8] });

        // Its answers stay in the document's history, not current.
        var document = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/documents/{ids[2]}");
        Assert.All(document.GetProperty("annotations").EnumerateArray(), a => Assert.False(a.GetProperty("isCurrent").GetBoolean()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/projects/{id}/labels/{labels["ham"]}")).StatusCode);
        var last = await client.DeleteAsync($"/api/v1/projects/{id}/labels/{labels["spam"]}");
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("only label", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_multi_label_project_a_deleted_label_leaves_answers_their_other_labels_and_reopens_those_left_with_none()
    {
        var client = app.ClientFor("ana");
        var id = await app.CreateProjectAsync("Topics", true, "sport", "money", "politics");
        var ids = await app.SeedDocumentsAsync(id, ["the match", "club finances", "an election"]);
        (await client.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = ids[0], labels = new[] { "sport" } })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = ids[1], labels = new[] { "sport", "money" } })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = ids[2], labels = new[] { "politics" } })).EnsureSuccessStatusCode();

        var labels = await LabelIdsAsync(client, id);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/projects/{id}/labels/{labels["sport"]}")).StatusCode);

        var club = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/documents/{ids[1]}");
        var answer = Assert.Single(club.GetProperty("annotations").EnumerateArray());
        Assert.True(answer.GetProperty("isCurrent").GetBoolean());
        Assert.Equal(["money"], answer.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["sport"], answer.GetProperty("retiredLabels").EnumerateArray().Select(l => l.GetString()));
        var unlabelled = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/documents?filter=unlabelled");
        Assert.Equal([ids[0]], unlabelled.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));
        var summary = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/labels/history"))[0].GetProperty("summary").GetString();
        Assert.Equal("Deleted label 'sport': 2 answers carried it (1 keeps other labels), 1 document open again.", summary);
    }

    private static async Task<Dictionary<string, int>> LabelIdsAsync(HttpClient client, int project)
    {
        var labels = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/labels");
        return labels.EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("id").GetInt32());
    }

    private static async Task<JsonElement> WaitForModelAsync(HttpClient client, int project, Func<JsonElement, bool> ready)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var model = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
            if (model.GetProperty("version").GetInt32() > 0 && ready(model))
            {
                return model;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The model did not follow the change within 30 s.");
    }
}
