using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core.Training;

namespace Tagloop.Server.Tests;

public sealed class EventStreamTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Posting_labels_pushes_a_stats_event_then_a_model_event()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["win a free prize now", "claim your cash reward", "minutes of the meeting", "agenda for monday"]);
        var client = app.ClientFor("ana");
        using var timeout = new CancellationTokenSource(Patience);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{project}/events"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": connected", await events.ReadLineAsync(timeout.Token));

        foreach (var (id, label) in new[] { (ids[0], "spam"), (ids[2], "ham") })
        {
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = id, labels = new[] { label } }, timeout.Token)).EnsureSuccessStatusCode();
        }

        var (name, data) = await NextEventAsync(events, timeout.Token);
        Assert.Equal("stats", name);
        Assert.Equal(project, data.GetProperty("projectId").GetInt32());

        // Stats events may come again as labels land; the model event follows once training is done.
        while (name != "model")
        {
            (name, data) = await NextEventAsync(events, timeout.Token);
        }

        Assert.True(data.GetProperty("version").GetInt32() >= 1);
        Assert.Equal(2, data.GetProperty("labels").GetInt32());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("accuracy").ValueKind);
        Assert.True(data.TryGetProperty("trainedAt", out _));
    }

    [Fact]
    public async Task Leaving_the_stream_unsubscribes_and_the_host_stops_with_streams_open()
    {
        var project = await app.CreateProjectAsync();
        var registry = app.Services.GetRequiredService<ModelRegistry>();
        using var timeout = new CancellationTokenSource(Patience);
        var client = app.CreateClient();

        using (var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{project}/events"), HttpCompletionOption.ResponseHeadersRead, timeout.Token))
        {
            using var events = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            Assert.Equal(": connected", await events.ReadLineAsync(timeout.Token));
            Assert.Equal(1, registry.SubscriberCount(project));
        }

        while (registry.SubscriberCount(project) > 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        // A stream still open when the host stops must not keep it from stopping.
        var open = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{project}/events"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var stream = new StreamReader(await open.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": connected", await stream.ReadLineAsync(timeout.Token));
        await app.DisposeAsync().AsTask().WaitAsync(timeout.Token);
        stream.Dispose();
        open.Dispose();
    }

    [Fact]
    public async Task An_unknown_project_has_no_event_stream()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/projects/999/events");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<(string Name, JsonElement Data)> NextEventAsync(StreamReader events, CancellationToken cancellationToken)
    {
        string? name = null;
        string? data = null;
        while (await events.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 && name is not null && data is not null)
            {
                return (name, JsonDocument.Parse(data).RootElement);
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }
}
