using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tagloop.Core;

namespace Tagloop.Server.Tests.Storage;

/// <summary>A full disk: clear 507 problems, nothing half-written, one log line instead of a stack trace per request, and recovery without a restart.</summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly TagloopApp app = new();
    private readonly SqlitePageLimit limit = new();
    private readonly RecordedLog log = new();
    private readonly WebApplicationFactory<Program> full;

    public DiskFullTests()
    {
        full = app.WithWebHostBuilder(b =>
        {
            b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(limit));
            b.ConfigureLogging(l => l.AddProvider(log));
        });
    }

    public void Dispose()
    {
        full.Dispose();
        app.Dispose();
    }

    [Fact]
    public async Task Writes_answer_507_and_store_nothing_while_reads_go_on_and_writing_recovers_when_space_returns()
    {
        var client = full.CreateClient();
        client.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "ana");
        var created = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Mail", encoder = "tfidf", labels = new[] { new { name = "spam" }, new { name = "ham" } } });
        var project = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await Import(client, project, "first", 20)).EnsureSuccessStatusCode();

        limit.Full = true;
        for (var attempt = 0; attempt < 15; attempt++)
        {
            var refused = await Import(client, project, $"attempt {attempt}", 2_000);
            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("The disk is full.", problem.GetProperty("title").GetString());
            Assert.Contains("Nothing from this request was stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(20, await CountDocumentsAsync());
        foreach (var page in new[] { "/api/v1/projects", $"/api/v1/projects/{project}", $"/api/v1/projects/{project}/documents", $"/api/v1/projects/{project}/stats", $"/api/v1/projects/{project}/export?format=csv" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);
        }

        var alarms = log.Entries.Where(e => e.Category.EndsWith("DiskSpaceAlarm", StringComparison.Ordinal)).ToList();
        Assert.Single(alarms);
        Assert.Contains("disk holding Tagloop's data is full", alarms[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.HasException && e.Level >= LogLevel.Warning);

        limit.Full = false;
        var recovered = await Import(client, project, "after", 2_000);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(2_020, await CountDocumentsAsync());
        Assert.Contains(log.Entries, e => e.Message.Contains("Writing works again", StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> Import(HttpClient client, int project, string prefix, int count)
    {
        var lines = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            lines.Append(prefix).Append(" document ").Append(i).Append(" with some words to take room on the page").Append('\n');
        }

        return client.PostAsync($"/api/v1/projects/{project}/documents?format=text", new StringContent(lines.ToString(), Encoding.UTF8, "text/plain"));
    }

    private async Task<int> CountDocumentsAsync()
    {
        using var scope = full.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TagloopDbContext>().Documents.CountAsync();
    }
}
