using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Training;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Deleting documents over the API: one, a filter's result, a whole import; rows, vectors, queue and model follow.</summary>
public class DocumentDeletionApiTests : IDisposable
{
    private readonly TagloopApp app;

    public DocumentDeletionApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected DocumentDeletionApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Imports_are_listed_with_their_file_names_and_a_wrong_one_is_deleted_whole_with_its_vectors()
    {
        var client = app.ClientFor("ana");
        var id = await app.CreateProjectAsync("Mail");
        var good = string.Join('\n', Enumerable.Range(0, 12).Select(i => JsonSerializer.Serialize(new { text = $"{(i % 2 == 0 ? "win a free prize now" : "the meeting agenda for monday")} number {i}", label = i % 2 == 0 ? "spam" : "ham" })));
        var junk = "id,body\n" + string.Join('\n', Enumerable.Range(0, 5).Select(i => $"{i},junk row {i} from the wrong export"));
        (await client.PostAsync($"/api/v1/projects/{id}/documents?format=jsonl&fileName=/home/ana/mail.jsonl", new StringContent(good, Encoding.UTF8))).EnsureSuccessStatusCode();
        (await client.PostAsync($"/api/v1/projects/{id}/documents?format=csv&textColumn=body&fileName=wrong.csv", new StringContent(junk, Encoding.UTF8))).EnsureSuccessStatusCode();

        var imports = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/imports")).EnumerateArray().ToList();
        Assert.Equal(["wrong.csv", "mail.jsonl"], imports.Select(i => i.GetProperty("fileName").GetString()));
        Assert.Equal(["csv", "jsonl"], imports.Select(i => i.GetProperty("format").GetString()));
        Assert.Equal([5, 12], imports.Select(i => i.GetProperty("documents").GetInt32()));
        Assert.Equal([0, 12], imports.Select(i => i.GetProperty("answered").GetInt32()));

        // The trainer has encoded all 17 into the project's vector file.
        var vectors = app.Services.GetRequiredService<VectorCache>();
        await WaitAsync(() => vectors.Ids(id, 18).Length == 17);

        var wrong = imports[0].GetProperty("id").GetInt64();
        var deleted = await client.DeleteAsync($"/api/v1/projects/{id}/imports/{wrong}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(5, (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/projects/{id}/imports/{wrong}")).StatusCode);
        Assert.Equal(["mail.jsonl"], (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/imports")).EnumerateArray().Select(i => i.GetProperty("fileName").GetString()));
        Assert.Equal(12, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}")).GetProperty("documents").GetInt32());
        Assert.Equal(12, vectors.Ids(id, 18).Length);

        // Every document left is labelled, so nothing is served, and no deleted one comes back.
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync($"/api/v1/projects/{id}/tasks/next")).StatusCode);

        // A later import is still taken in by the queue.
        var more = await client.PostAsync($"/api/v1/projects/{id}/documents?format=text&fileName=more.txt", new StringContent("one more line to label\n", Encoding.UTF8));
        Assert.Equal(1, (await more.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        var task = await client.GetAsync($"/api/v1/projects/{id}/tasks/next");
        Assert.Equal(HttpStatusCode.OK, task.StatusCode);
        Assert.Equal("one more line to label", (await task.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task One_document_and_a_filters_result_are_deleted_and_a_held_lease_on_one_does_not_block_the_queue()
    {
        var client = app.ClientFor("ana");
        var id = await app.CreateProjectAsync("Mail");
        var ids = await app.SeedDocumentsAsync(id, Enumerable.Range(0, 20).Select(i => $"document {i} {(i < 5 ? "junk header" : "real text")}"));

        // Ana holds a lease on the document she is shown; it is deleted under her.
        var task = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/tasks/next");
        var held = task.GetProperty("documentId").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/projects/{id}/documents/{held}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/projects/{id}/documents/{held}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/projects/{id}/documents/{held}")).StatusCode);
        var next = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/tasks/next");
        Assert.NotEqual(held, next.GetProperty("documentId").GetInt64());
        (await client.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = next.GetProperty("documentId").GetInt64(), labels = new[] { "ham" } })).EnsureSuccessStatusCode();

        // A search's result, confirmed by its count.
        var junkLeft = ids.Take(5).Count(d => d != held);
        var stale = await client.PostAsJsonAsync($"/api/v1/projects/{id}/documents/delete", new { q = "junk header", expected = junkLeft + 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains($"holds {junkLeft} documents now", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var bad = await client.PostAsJsonAsync($"/api/v1/projects/{id}/documents/delete", new { filter = "label:nothing" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var removed = await client.PostAsJsonAsync($"/api/v1/projects/{id}/documents/delete", new { q = "junk header", expected = junkLeft });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(junkLeft, (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32());

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/documents?pageSize=100");
        Assert.Equal(15, page.GetProperty("total").GetInt32());
        Assert.All(page.GetProperty("items").EnumerateArray(), d => Assert.Contains("real text", d.GetProperty("text").GetString(), StringComparison.Ordinal));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        Assert.Equal(15, await db.Documents.CountAsync(d => d.ProjectId == id));

        // The queue serves only what is left: fourteen, besides the one Ana answered.
        var bo = app.ClientFor("bo");
        var served = new HashSet<long>();
        for (var i = 0; i < 16; i++)
        {
            var response = await bo.GetAsync($"/api/v1/projects/{id}/tasks/next");
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }

            var document = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetInt64();
            Assert.True(served.Add(document));
            (await bo.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = document, labels = new[] { "ham" } })).EnsureSuccessStatusCode();
        }

        Assert.Equal(14, served.Count);
        Assert.DoesNotContain(held, served);
        Assert.All(ids.Take(5), d => Assert.DoesNotContain(d, served));
    }

    private static async Task WaitAsync(Func<bool> done)
    {
        for (var attempt = 0; attempt < 600 && !done(); attempt++)
        {
            await Task.Delay(50);
        }

        Assert.True(done(), "not within 30 s");
    }
}
