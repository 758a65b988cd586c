using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Server.Tests.Accounts;

namespace Tagloop.Server.Tests.Review;

public sealed class CommentApiTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Comments_form_a_thread_on_a_document_and_mention_users_by_name()
    {
        var team = await Team.CreateAsync(app);
        var p = team.ProjectId;
        var ids = await app.SeedDocumentsAsync(p, ["is this a phishing mail?"]);
        var anna = team.Client("anna");
        var created = await anna.PostAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[0]}/comments", new { text = "@RITA could you look? cc @nobody and <b>you</b>" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var comment = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("anna", comment.GetProperty("author").GetString());
        Assert.Equal(["rita"], comment.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.PostAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[0]}/comments", new { text = "   " })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.PostAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[0]}/comments", new { text = new string('x', 4001) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.PostAsJsonAsync($"/api/v1/projects/{p}/documents/999999/comments", new { text = "hello" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await team.Client("victor").PostAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[0]}/comments", new { text = "viewers read" })).StatusCode);
        (await team.Client("rita").PostAsJsonAsync($"/api/v1/projects/{p}/documents/{ids[0]}/comments", new { text = "Yes: spam. @anna thanks" })).EnsureSuccessStatusCode();

        var thread = await team.Client("victor").GetFromJsonAsync<JsonElement>($"/api/v1/projects/{p}/documents/{ids[0]}/comments");
        Assert.Equal(["anna", "rita"], thread.EnumerateArray().Select(c => c.GetProperty("author").GetString()));
        Assert.Equal("@RITA could you look? cc @nobody and <b>you</b>", thread[0].GetProperty("text").GetString());

        var ritas = await team.Client("rita").GetFromJsonAsync<JsonElement>($"/api/v1/projects/{p}/mentions");
        Assert.Equal([comment.GetProperty("id").GetInt64()], ritas.EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.Single((await team.Client("olivia").GetFromJsonAsync<JsonElement>($"/api/v1/projects/{p}/mentions?user=anna")).EnumerateArray());
    }
}
