using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Documents;

namespace Tagloop.Server.Tests.Security;

/// <summary>Strings and bodies that would poison a project: refused at the door naming the field, and nothing stored.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("{\"name\":\"P\\ud800\",\"labels\":[{\"name\":\"a\"}]}", "name", "unpaired surrogate")]
    [InlineData("{\"name\":\"P\",\"labels\":[{\"name\":\"a\"},{\"name\":\"b\",\"description\":\"x\\u0000y\"}]}", "labels[1].description", "NUL character")]
    [InlineData("{\"name\":\"P\",\"labels\":[{\"name\":\"a\\udc00\"}]}", "labels[0].name", "unpaired surrogate")]
    [InlineData("{\"name\":\"P\",\"labels\":[{\"name\":\"a\"}],\"guidelines\":\"\\ud83d\"}", "guidelines", "unpaired surrogate")]
    public async Task Invalid_text_in_a_json_body_is_refused_naming_the_field_and_nothing_is_stored(string body, string field, string problem)
    {
        var client = app.CreateClient();
        var answer = await client.PostAsync("/api/v1/projects", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var details = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem, details.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/projects") ?? []);
    }

    [Fact]
    public async Task A_flag_note_or_a_predicted_text_with_invalid_text_is_refused()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["one"]);
        var client = app.ClientFor("ana");
        var note = await client.PostAsync($"/api/v1/projects/{project}/annotations",
            new StringContent($"{{\"documentId\":{ids[0]},\"skip\":true,\"flagNote\":\"see \\u0000\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, note.StatusCode);
        Assert.Contains("flagNote", await note.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var predict = await client.PostAsync($"/api/v1/projects/{project}/predict",
            new StringContent("{\"texts\":[\"fine\",\"\\udfff\"]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, predict.StatusCode);
        Assert.Contains("texts[1]", await predict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<TagloopDbContext>().Annotations.CountAsync());
    }

    [Theory]
    [InlineData("boss%00", "source")]
    [InlineData("%3Cscript%3E", "source")]
    [InlineData("human", null)]
    [InlineData("Zo%C3%AB%20Martin", null)]
    public async Task The_import_source_follows_the_annotator_name_rule(string source, string? field)
    {
        var project = await app.CreateProjectAsync();
        var answer = await app.CreateClient().PostAsync(
            $"/api/v1/projects/{project}/documents?format=jsonl&source={source}",
            new StringContent("{\"text\":\"Buy now\",\"label\":\"spam\"}\n", Encoding.UTF8, "text/plain"));
        if (field is null)
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            var details = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(details.GetProperty("errors").TryGetProperty(field, out _));
            await using var scope = app.Services.CreateAsyncScope();
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<TagloopDbContext>().Documents.CountAsync());
        }
    }

    [Fact]
    public async Task A_long_label_description_is_refused_and_the_project_list_still_loads()
    {
        var client = app.CreateClient();
        var answer = await client.PostAsJsonAsync("/api/v1/projects", new
        {
            name = "Huge",
            labels = new[] { new { name = "a", description = new string('x', 5000) }, new { name = "b", description = "" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("labels[0].description", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var list = await client.GetAsync("/api/v1/projects");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty(await list.Content.ReadFromJsonAsync<JsonElement[]>() ?? []);
    }

    [Theory]
    [InlineData("{\"documentId\":\"168\",\"labels\":[\"spam\"]}", "documentId", "must be a number, not a string")]
    [InlineData("{\"documentId\":1,\"labels\":\"spam\"}", "labels", "must be a list")]
    [InlineData("{\"documentId\":1,\"labels\":[\"spam\"],\"skip\":\"no\"}", "skip", "must be true or false")]
    [InlineData("{\"documentId\":1,", "body", "not valid JSON")]
    public async Task A_body_that_does_not_bind_names_the_field_and_what_was_expected(string body, string field, string message)
    {
        var project = await app.CreateProjectAsync();
        var answer = await app.ClientFor("ana").PostAsync($"/api/v1/projects/{project}/annotations", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var details = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(message, details.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_value_that_is_not_a_number_names_the_parameter()
    {
        var project = await app.CreateProjectAsync();
        var answer = await app.CreateClient().GetAsync($"/api/v1/projects/{project}/documents?page=two");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var details = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("page must be a whole number", details.GetProperty("errors").GetProperty("page")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_stored_before_the_check_existed_no_longer_breaks_pages_or_exports()
    {
        var project = await app.CreateProjectAsync();
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            var text = "poisoned by an older version";
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            var document = new Document { ProjectId = project, Text = text, TextHash = hash, ShuffleKey = 1, MetaJson = "{\"x\":\"\\ud800\",\"y\":\"\\u0000\",\"ok\":\"\\ud83d\\ude00\"}" };
            db.Documents.Add(document);
            await db.SaveChangesAsync();
            id = document.Id;
        }

        var client = app.ClientFor("ana");
        (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = id, labels = new[] { "spam" } })).EnsureSuccessStatusCode();
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents/{id}");
        Assert.Equal("\uFFFD", read.GetProperty("meta").GetProperty("x").GetString());
        Assert.Equal("\U0001F600", read.GetProperty("meta").GetProperty("ok").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/projects/{project}/documents")).StatusCode);
        foreach (var format in new[] { "jsonl", "prodigy" })
        {
            var lines = (await client.GetStringAsync($"/api/v1/projects/{project}/export?format={format}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            using var row = JsonDocument.Parse(Assert.Single(lines));
            Assert.Equal("\uFFFD", row.RootElement.GetProperty("meta").GetProperty("y").GetString());
        }
    }
}
