using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Training;

namespace Tagloop.Server.Events;

/// <summary>
/// Writes a project's server-sent events by hand (the framework's SSE result cannot send comments): <c>model</c>
/// when a model is published, <c>stats</c> when answers change, and a comment every <see cref="Heartbeat"/> so
/// proxies keep the connection. Ends when the client leaves or the server stops.
/// </summary>
internal sealed class ProjectEventStream(int projectId) : IResult
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var services = httpContext.RequestServices;
        var models = services.GetRequiredService<ModelRegistry>();
        var answers = services.GetRequiredService<ProjectFeed<AnnotationsChanged>>();
        var time = services.GetRequiredService<TimeProvider>();
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();

        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        using var modelFeed = models.Subscribe(projectId);
        using var answerFeed = answers.Subscribe(projectId);
        using var heartbeat = new PeriodicTimer(Heartbeat, time);
        try
        {
            await WriteAsync(response, ": connected\n\n", ct).ConfigureAwait(false);
            Task<bool>? modelReady = null;
            Task<bool>? answersReady = null;
            Task<bool>? beat = null;
            while (!ct.IsCancellationRequested)
            {
                modelReady ??= modelFeed.Reader.WaitToReadAsync(ct).AsTask();
                answersReady ??= answerFeed.Reader.WaitToReadAsync(ct).AsTask();
                beat ??= heartbeat.WaitForNextTickAsync(ct).AsTask();
                var ready = await Task.WhenAny(modelReady, answersReady, beat).ConfigureAwait(false);
                if (!await ready.ConfigureAwait(false))
                {
                    return;
                }

                if (ready == modelReady)
                {
                    modelReady = null;
                    ModelSnapshot? latest = null;
                    while (modelFeed.Reader.TryRead(out var snapshot))
                    {
                        latest = snapshot;
                    }

                    if (latest is not null)
                    {
                        var data = new ModelEventDto(latest.Version, latest.Labels, latest.Evaluation?.Accuracy, latest.Evaluation?.MacroF1, latest.TrainedAt);
                        await WriteAsync(response, Event("model", JsonSerializer.Serialize(data, json)), ct).ConfigureAwait(false);
                    }
                }
                else if (ready == answersReady)
                {
                    answersReady = null;
                    AnnotationsChanged? change = null;
                    while (answerFeed.Reader.TryRead(out var item))
                    {
                        change = item;
                    }

                    if (change is not null)
                    {
                        var data = new StatsEventDto(change.ProjectId, change.At);
                        await WriteAsync(response, Event("stats", JsonSerializer.Serialize(data, json)), ct).ConfigureAwait(false);
                    }
                }
                else
                {
                    beat = null;
                    await WriteAsync(response, ": heartbeat\n\n", ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser left or the server is stopping: the stream simply ends.
        }
    }

    private static string Event(string name, string data) => $"event: {name}\ndata: {data}\n\n";

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
