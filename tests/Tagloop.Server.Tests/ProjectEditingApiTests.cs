using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Renaming a project, editing its guidelines, and deleting it for real over the API.</summary>
public class ProjectEditingApiTests : IDisposable
{
    private readonly TagloopApp app;

    public ProjectEditingApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected ProjectEditingApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_project_is_renamed_and_its_guidelines_edited_and_fields_left_out_stay()
    {
        var client = app.CreateClient();
        var id = await app.CreateProjectAsync("Spam");
        var other = await app.CreateProjectAsync("Tickets");

        var renamed = await client.PatchAsJsonAsync($"/api/v1/projects/{id}", new { name = "  Mail triage  " });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Mail triage", body.GetProperty("name").GetString());
        Assert.Equal("Spam is unsolicited bulk mail.", body.GetProperty("guidelines").GetString());

        var edited = await client.PatchAsJsonAsync($"/api/v1/projects/{id}", new { guidelines = "Spam: mail nobody asked for.\nHam: everything else." });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}");
        Assert.Equal("Mail triage", read.GetProperty("name").GetString());
        Assert.Equal("Spam: mail nobody asked for.\nHam: everything else.", read.GetProperty("guidelines").GetString());
        Assert.Equal(2, read.GetProperty("labels").GetArrayLength());

        // Refused with the field named, and nothing changes.
        var empty = await client.PatchAsJsonAsync($"/api/v1/projects/{id}", new { name = " ", guidelines = "lost?" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
        var taken = await client.PatchAsJsonAsync($"/api/v1/projects/{id}", new { name = "Tickets" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("Tickets", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var tooLong = await client.PatchAsJsonAsync($"/api/v1/projects/{id}", new { name = new string('x', 201) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}");
        Assert.Equal("Mail triage", read.GetProperty("name").GetString());
        Assert.Equal("Spam: mail nobody asked for.\nHam: everything else.", read.GetProperty("guidelines").GetString());
        Assert.Equal("Tickets", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{other}")).GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync("/api/v1/projects/999", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_deleted_project_leaves_no_rows_and_no_files_and_the_others_are_untouched()
    {
        var client = app.ClientFor("ana");
        var doomed = await app.CreateProjectAsync("Doomed");
        var kept = await app.CreateProjectAsync("Kept");
        foreach (var project in new[] { doomed, kept })
        {
            var spam = Enumerable.Range(0, 8).Select(i => $"win a free prize now, claim your cash reward {project} {i}");
            var ham = Enumerable.Range(0, 8).Select(i => $"minutes of the project meeting and the agenda {project} {i}");
            var ids = await app.SeedDocumentsAsync(project, spam.Concat(ham));
            for (var i = 0; i < 12; i++)
            {
                var label = i % 2 == 0 ? "spam" : "ham";
                var document = i % 2 == 0 ? ids[i / 2] : ids[8 + (i / 2)];
                (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = document, labels = new[] { label } })).EnsureSuccessStatusCode();
            }
        }

        // Both have trained and written their files (the evaluated model file comes last).
        await WaitForFileAsync(Path.Combine(app.DataDir, "models", $"project-{doomed}.tlm"));
        await WaitForFileAsync(Path.Combine(app.DataDir, "models", $"project-{kept}.tlm"));
        Assert.NotEmpty(ProjectFiles(doomed));

        var deleted = await client.DeleteAsync($"/api/v1/projects/{doomed}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/projects/{doomed}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/projects/{doomed}/tasks/next")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/projects/{doomed}")).StatusCode);
        Assert.DoesNotContain(doomed, (await client.GetFromJsonAsync<JsonElement>("/api/v1/projects")).EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            Assert.Equal(0, await db.Documents.CountAsync(d => d.ProjectId == doomed));
            Assert.Equal(0, await db.Labels.CountAsync(l => l.ProjectId == doomed));
            Assert.Equal(0, await db.TrainingRuns.CountAsync(r => r.ProjectId == doomed));
            Assert.Equal(0, await db.ImportRuns.CountAsync(r => r.ProjectId == doomed));
            Assert.Equal(12, await db.Annotations.CountAsync());
            Assert.Equal(16, await db.Documents.CountAsync(d => d.ProjectId == kept));
        }

        Assert.Empty(ProjectFiles(doomed));
        Assert.Contains(Path.Combine(app.DataDir, "models", $"project-{kept}.tlm"), ProjectFiles(kept));

        // The other project goes on: it still labels and predicts.
        var task = await client.GetAsync($"/api/v1/projects/{kept}/tasks/next");
        Assert.Equal(HttpStatusCode.OK, task.StatusCode);
        var predicted = await client.PostAsJsonAsync($"/api/v1/projects/{kept}/predict", new { texts = new[] { "claim your free cash prize" } });
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
    }

    private List<string> ProjectFiles(int project) =>
        [.. new[] { "models", "vectors", "embeddings" }
            .Select(folder => Path.Combine(app.DataDir, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, $"project-{project}.*"))];

    private static async Task WaitForFileAsync(string path)
    {
        for (var attempt = 0; attempt < 600 && !File.Exists(path); attempt++)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(path), $"{path} was not written within 30 s");
    }
}
