using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tagloop.Server.Tests.Accounts;

/// <summary>Overlap documents go to several people independently, who never see each other's answers.</summary>
public sealed class OverlapApiTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task An_overlap_document_goes_to_k_different_people_and_each_sees_only_their_own_answer()
    {
        var team = await Team.CreateAsync(app);
        var olivia = team.Client("olivia");
        Assert.Equal(HttpStatusCode.BadRequest, (await olivia.PatchAsJsonAsync($"/api/v1/projects/{team.ProjectId}/settings", new { overlapShare = 1.5 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await olivia.PatchAsJsonAsync($"/api/v1/projects/{team.ProjectId}/settings", new { overlapAnswers = 1 })).StatusCode);
        var settings = await (await olivia.PatchAsJsonAsync($"/api/v1/projects/{team.ProjectId}/settings", new { overlapShare = 1.0, overlapAnswers = 2 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1.0, 2), (settings.GetProperty("overlapShare").GetDouble(), settings.GetProperty("overlapAnswers").GetInt32()));
        await app.SeedDocumentsAsync(team.ProjectId, ["win a free cruise", "minutes of the board meeting", "cheap pills online"]);

        // Both get the same first document at once: it has two slots.
        var anna = team.Client("anna");
        var rita = team.Client("rita");
        var annasTask = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/tasks/next");
        var ritasTask = await rita.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/tasks/next");
        var first = annasTask.GetProperty("documentId").GetInt64();
        Assert.Equal(first, ritasTask.GetProperty("documentId").GetInt64());
        Assert.True(annasTask.GetProperty("independent").GetBoolean());
        Assert.Equal(JsonValueKind.Null, annasTask.GetProperty("prediction").ValueKind);

        // A third person waits for another document: the first has its two people.
        var oliviasTask = await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/tasks/next");
        Assert.NotEqual(first, oliviasTask.GetProperty("documentId").GetInt64());

        (await anna.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations", new { documentId = first, labels = new[] { "spam" } })).EnsureSuccessStatusCode();
        var annasNext = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/tasks/next");
        Assert.NotEqual(first, annasNext.GetProperty("documentId").GetInt64());
        (await rita.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations", new { documentId = first, labels = new[] { "ham" } })).EnsureSuccessStatusCode();

        // Done with two answers: nobody else gets it.
        for (var i = 0; i < 3; i++)
        {
            var response = await olivia.GetAsync($"/api/v1/projects/{team.ProjectId}/tasks/next");
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }

            var task = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.NotEqual(first, task.GetProperty("documentId").GetInt64());
            (await olivia.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations", new { documentId = task.GetProperty("documentId").GetInt64(), labels = new[] { "spam" } })).EnsureSuccessStatusCode();
        }

        // Anna sees her answer only, in the document and in Browse; a reviewer sees both.
        var annasView = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/documents/{first}");
        Assert.Equal(["anna"], annasView.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("author").GetString()));
        var annasPage = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/documents?filter=label:ham");
        Assert.Equal(0, annasPage.GetProperty("total").GetInt32());
        var annasRow = (await anna.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/documents"))
            .GetProperty("items").EnumerateArray().Single(d => d.GetProperty("id").GetInt64() == first);
        Assert.Equal(["spam"], annasRow.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["anna"], annasRow.GetProperty("annotators").EnumerateArray().Select(l => l.GetString()));

        var ritasView = await rita.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/documents/{first}");
        Assert.Equal(["anna", "rita"], ritasView.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("author").GetString()).Order());
        Assert.Equal(1, (await rita.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/documents?filter=label:ham")).GetProperty("total").GetInt32());
    }
}
