using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tagloop.Core.Training;

/// <summary>
/// Retrains projects off the request path: requests go into a bounded channel, several requests for one project
/// while it waits become one, a single worker trains, and the registry publishes the result.
/// </summary>
public sealed partial class TrainingCoordinator(IServiceScopeFactory scopes, ModelRegistry registry, TimeProvider time, ILogger<TrainingCoordinator> logger)
{
    private readonly Channel<int> requests = Channel.CreateBounded<int>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<int, byte> waiting = new();
    private readonly ProjectTrainer trainer = new(time);

    /// <summary>Asks for a retrain; returns at once.</summary>
    public void Request(int projectId)
    {
        if (waiting.TryAdd(projectId, 0) && !requests.Writer.TryWrite(projectId))
        {
            waiting.TryRemove(projectId, out _);
        }
    }

    /// <summary>Runs until cancelled: trains every project once at start, then whatever is asked for.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            foreach (var id in await db.Projects.Select(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                Request(id);
            }
        }

        await foreach (var projectId in requests.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // Taken off the waiting set before training, so a label that arrives meanwhile asks for another run.
            waiting.TryRemove(projectId, out _);
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
                var snapshot = trainer.Train(db, projectId, registry.Current(projectId));
                if (snapshot is not null)
                {
                    // The re-ranked queue goes out first; cross-validation and calibration follow.
                    registry.Publish(snapshot);
                    LogTrained(projectId, snapshot.Version, snapshot.Labels, snapshot.TrainingMilliseconds);
                    registry.Publish(trainer.Evaluate(snapshot));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e, projectId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId}: model {Version} trained on {Labels} labels in {Milliseconds:0} ms")]
    private partial void LogTrained(int projectId, int version, int labels, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Project {ProjectId}: training failed")]
    private partial void LogFailed(Exception exception, int projectId);
}
