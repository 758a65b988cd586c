using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Server.Tests.Accounts;

namespace Tagloop.Server.Tests.Review;

/// <summary>The reviewer's queue, final labels kept apart from the answers, and exports that carry them.</summary>
public sealed class ReviewApiTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Disagreements_and_flags_wait_for_a_reviewer_whose_final_label_settles_them_and_reaches_the_export()
    {
        var team = await Team.CreateAsync(app);
        var p = team.ProjectId;
        var ids = await app.SeedDocumentsAsync(p, ["claim your prize today", "agenda for the board", "cheap watches here", "lunch on friday?"]);
        var anna = team.Client("anna");
        var rita = team.Client("rita");
        async Task AnswerAsync(HttpClient client, long document, object body) =>
            (await client.PostAsJsonAsync($"/api/v1/projects/{p}/annotations", body)).EnsureSuccessStatusCode();
        await AnswerAsync(anna, ids[0], new { documentId = ids[0], labels = new[] { "spam" } });
        await AnswerAsync(rita, ids[0], new { documentId = ids[0], labels = new[] { "ham" } });
        await AnswerAsync(anna, ids[1], new { documentId = ids[1], labels = new[] { "ham" }, flag = true, flagNote = "half of it is in French" });
        await AnswerAsync(anna, ids[2], new { documentId = ids[2], labels = new[] { "spam" } });
        await AnswerAsync(rita, ids[2], new { documentId = ids[2], labels = new[] { "spam" } });

        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync($"/api/v1/projects/{p}/review")).StatusCode);
        var queue = await rita.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{p}/review");
        var items = queue.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("documentId").GetInt64());
        Assert.Equal([ids[0], ids[1]], items.Keys.Order());
        Assert.Equal(["disagreement"], items[ids[0]].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("undecided", items[ids[0]].GetProperty("decidedBy").GetString());
        Assert.Equal(["flagged"], items[ids[1]].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("half of it is in French", items[ids[1]].GetProperty("answers")[0].GetProperty("flagNote").GetString());
        Assert.Equal(1, queue.GetProperty("counts").GetProperty("disagreement").GetInt32());
        Assert.Equal(1, (await rita.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{p}/review?reason=flagged")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await rita.GetAsync($"/api/v1/projects/{p}/review?reason=whim")).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await rita.PutAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[0]}/final", new { labels = new[] { "eggs" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await rita.PutAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[0]}/final", new { labels = new[] { "spam", "ham" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.PutAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[0]}/final", new { labels = new[] { "spam" } })).StatusCode);
        var final = await rita.PutAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[0]}/final", new { labels = new[] { "SPAM" }, note = "a prize nobody asked for" });
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        var body = await final.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("adjudication", "rita"), (body.GetProperty("decidedBy").GetString(), body.GetProperty("reviewer").GetString()));
        await rita.PutAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[1]}/final", new { labels = new[] { "ham" } });

        Assert.Equal(0, (await rita.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{p}/review")).GetProperty("total").GetInt32());

        // The answers stay as they were, for agreement.
        var document = await rita.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{p}/documents/{ids[0]}");
        Assert.Equal(2, document.GetProperty("annotations").GetArrayLength());

        // Per answer: the final label beside each row. Per document: one row with it.
        var lines = (await rita.GetStringAsync($"/api/v1/projects/{p}/export?format=jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(lines.Where(l => l.GetProperty("id").GetInt64() == ids[0]), l =>
        {
            Assert.Equal(["spam"], l.GetProperty("final").EnumerateArray().Select(x => x.GetString()));
            Assert.Equal("adjudication", l.GetProperty("decidedBy").GetString());
        });
        Assert.Equal("majority", lines.First(l => l.GetProperty("id").GetInt64() == ids[2]).GetProperty("decidedBy").GetString());
        var documents = (await rita.GetStringAsync($"/api/v1/projects/{p}/export?format=jsonl&rows=documents")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(l => l.GetProperty("id").GetInt64());
        Assert.Equal([ids[0], ids[1], ids[2]], documents.Keys.Order());
        Assert.Equal(("spam", "adjudication", 2), (documents[ids[0]].GetProperty("label").GetString(), documents[ids[0]].GetProperty("decidedBy").GetString(), documents[ids[0]].GetProperty("answers").GetInt32()));
        Assert.Equal(("spam", "majority"), (documents[ids[2]].GetProperty("label").GetString(), documents[ids[2]].GetProperty("decidedBy").GetString()));
        var csv = await rita.GetStringAsync($"/api/v1/projects/{p}/export?format=csv&rows=documents");
        Assert.StartsWith("id,text,labels,decidedBy,answers,meta", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await rita.GetAsync($"/api/v1/projects/{p}/export?format=prodigy&rows=documents")).StatusCode);

        // Withdrawn, the disagreement is back and undecided.
        Assert.Equal(HttpStatusCode.NoContent, (await rita.DeleteAsync($"/api/v1/projects/{p}/documents/{ids[0]}/final")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rita.DeleteAsync($"/api/v1/projects/{p}/documents/{ids[0]}/final")).StatusCode);
        var again = await rita.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{p}/review");
        Assert.Equal([ids[0]], again.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("documentId").GetInt64()));
        var undecided = (await rita.GetStringAsync($"/api/v1/projects/{p}/export?format=jsonl&rows=documents")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.GetProperty("id").GetInt64() == ids[0]);
        Assert.Equal(JsonValueKind.Null, undecided.GetProperty("label").ValueKind);
        Assert.Equal("undecided", undecided.GetProperty("decidedBy").GetString());
    }
}
