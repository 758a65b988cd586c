using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>tasks/next through the API: leases kept in memory, answers and undo seen at once, imports seen only when complete.</summary>
public class TaskQueueApiTests : IDisposable
{
    private readonly TagloopApp app;

    public TaskQueueApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected TaskQueueApiTests(TestStorage storage) => app = new TagloopApp(kestrel: true, storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Twenty_annotators_fetching_and_answering_at_once_are_never_served_the_same_document()
    {
        var project = await app.CreateProjectAsync();
        await app.SeedDocumentsAsync(project, Enumerable.Range(0, 200).Select(i => $"message {i}"));
        var served = new System.Collections.Concurrent.ConcurrentBag<long>();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(async a =>
        {
            using var client = app.ClientFor($"annotator {a}");
            for (var task = 0; task < 8; task++)
            {
                var id = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next")).GetProperty("documentId").GetInt64();
                Assert.Equal(id, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next")).GetProperty("documentId").GetInt64());
                served.Add(id);
                (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = id, labels = new[] { a % 2 == 0 ? "spam" : "ham" } })).EnsureSuccessStatusCode();
            }
        }));

        Assert.Equal(160, served.Count);
        Assert.Equal(160, served.Distinct().Count());
        Assert.Equal(0, app.LeaseCount);
    }

    [Fact]
    public async Task Undoing_the_only_answer_puts_the_document_back_in_the_queue()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["only one"]);
        var ana = app.ClientFor("ana");
        var bob = app.ClientFor("bob");
        var answer = await (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "spam" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NoContent, (await bob.GetAsync($"/api/v1/projects/{project}/tasks/next")).StatusCode);

        (await ana.DeleteAsync($"/api/v1/projects/{project}/annotations/{answer.GetProperty("id").GetInt64()}")).EnsureSuccessStatusCode();

        Assert.Equal(ids[0], (await bob.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next")).GetProperty("documentId").GetInt64());
    }

    [Fact]
    public async Task An_upload_that_pauses_half_way_shows_nothing_until_it_completes_and_answers_go_on_meanwhile()
    {
        var project = await app.CreateProjectAsync();
        var ana = app.ClientFor("ana");
        var first = await ana.PostAsync($"/api/v1/projects/{project}/documents?format=text", new StringContent("before the upload\n", Encoding.UTF8, "text/plain"));
        first.EnsureSuccessStatusCode();
        var resume = new TaskCompletionSource();
        using var body = new PausedContent("one\ntwo\nthree\n", resume.Task, "four\nfive\n");
        // Without redirects, the test client does not buffer the body to resend it: it streams, pause and all.
        using var uploader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        var upload = uploader.PostAsync($"/api/v1/projects/{project}/documents?format=text&source=crawler", body);

        for (var attempt = 0; await HiddenAndVisibleAsync() != (4, 1); attempt++)
        {
            Assert.True(attempt < 600, $"the paused upload's first lines were not written: {await HiddenAndVisibleAsync()}, upload {upload.Status} {upload.Exception}");
            await Task.Delay(50);
        }

        var page = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents");
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal(1, (await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/stats")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await ana.GetFromJsonAsync<JsonElement>("/api/v1/projects")).EnumerateArray().Single().GetProperty("documents").GetInt32());
        var task = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal("before the upload", task.GetProperty("text").GetString());
        var answered = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = task.GetProperty("documentId").GetInt64(), labels = new[] { "ham" } });
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ana.GetAsync($"/api/v1/projects/{project}/tasks/next")).StatusCode);

        resume.SetResult();
        var result = await (await upload).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, result.GetProperty("imported").GetInt32());
        Assert.Equal(6, (await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/stats")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await ana.GetAsync($"/api/v1/projects/{project}/tasks/next")).StatusCode);

        async Task<(int Hidden, int Visible)> HiddenAndVisibleAsync()
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            return (await db.Documents.IgnoreQueryFilters().CountAsync(), await db.Documents.CountAsync());
        }
    }

    /// <summary>A request body sent in two parts, the second once <c>resume</c> completes.</summary>
    private sealed class PausedContent(string before, Task resume, string after) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(before));
            await stream.FlushAsync();
            await resume;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(after));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
