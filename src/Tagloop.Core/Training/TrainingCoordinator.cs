using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;

namespace Tagloop.Core.Training;

/// <summary>
/// Retrains projects off the request path: requests go into a bounded channel, several requests for one project
/// while it waits become one, a single worker trains, each run is recorded as a <see cref="TrainingRun"/>, and the
/// registry publishes the result.
/// </summary>
public sealed partial class TrainingCoordinator(
    IServiceScopeFactory scopes, ModelRegistry registry, TimeProvider time, ILogger<TrainingCoordinator> logger,
    ModelStore? store = null, VectorCache? vectors = null, EncodingProgress? progress = null,
    DiskSpaceAlarm? diskSpace = null, IStorageFaults? storage = null,
    EmbeddingStore? embeddings = null, DenseEncoders? denseEncoders = null, EmbeddingQueue? embeddingQueue = null,
    WeakSupervision.RuleWorkbench? rules = null, TaggerFeatures? taggerFeatures = null)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After each run the worker rests for this share of the run's time (at most <see cref="LongestRest"/>) before
    /// the next: with answers arriving faster than runs finish it would otherwise keep both cores busy without a
    /// break, and annotators' requests would wait for the processor. The answers that arrive meanwhile join the next run.
    /// </summary>
    private const double RestShare = 0.5;
    private static readonly TimeSpan LongestRest = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<int, TimeSpan> retryAfter = new();
    private CancellationToken stopping;
    private readonly Channel<int> requests = Channel.CreateBounded<int>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<int, byte> waiting = new();
    private readonly ProjectTrainer trainer = new(time, vectors, progress, embeddings, denseEncoders, embeddingQueue);
    private readonly SpanTrainer spanTrainer = new(time, taggerFeatures);

    // Held for each run: WhileIdleAsync waits for the run under way to end, and no run starts meanwhile.
    private readonly SemaphoreSlim turn = new(1, 1);

    /// <summary>
    /// Runs <paramref name="action"/> while no training runs (waiting for the one under way, if any, to end): for
    /// deleting a project, whose rows and files a run reads and writes.
    /// </summary>
    public async Task WhileIdleAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await action().ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>
    /// Drops what the trainer holds of the project's documents (their encoded rows, a memory map of their vectors), so
    /// that the next run reads them afresh. Only inside <see cref="WhileIdleAsync"/>: the trainer is single-threaded.
    /// </summary>
    public void ForgetDocuments(int projectId) => trainer.Forget(projectId);

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
        stopping = cancellationToken;
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
            var started = time.GetTimestamp();
            await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await TrainAsync(projectId, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                turn.Release();
            }

            var rest = time.GetElapsedTime(started) * RestShare;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest < LongestRest ? rest : LongestRest, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One run: refits and re-ranks, publishes at once (the queue is what the next annotator waits for), then
    /// cross-validates and calibrates, records a <see cref="TrainingRun"/> (failures too, with their error) and
    /// publishes the evaluated model. Numbering continues from the last succeeded run in the database (after a
    /// restart, or another server's runs) instead of starting again at 1.
    /// </summary>
    private async Task TrainAsync(int projectId, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var previous = registry.Current(projectId);
        var lastVersion = previous?.Version ?? 0;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            // Read every time, not only after a restart: other servers sharing a PostgreSQL database train the same
            // project too, and numbering goes on past their runs (two runs finishing at once may still share a number).
            lastVersion = Math.Max(lastVersion, await db.TrainingRuns.Where(r => r.ProjectId == projectId && r.Status == TrainingRunStatus.Succeeded)
                .MaxAsync(r => (int?)r.Version, cancellationToken).ConfigureAwait(false) ?? 0);

            if (await db.Projects.Where(p => p.Id == projectId).Select(p => (ProjectTask?)p.Task).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) == ProjectTask.SpanTagging)
            {
                await TrainSpansAsync(db, projectId, lastVersion, started, cancellationToken).ConfigureAwait(false);
                return;
            }

            // The switched-on rules' labels train beside the answers (kept by the workbench while rules and answers stay the same).
            var weak = await WeakLabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
            var snapshot = trainer.Train(db, projectId, previous, lastVersion, weak);
            if (snapshot is null)
            {
                return;
            }

            registry.Publish(snapshot);
            LogTrained(projectId, snapshot.Version, snapshot.Labels, snapshot.TrainingMilliseconds);
            var evaluated = trainer.Evaluate(snapshot);
            await RecordAsync(TrainingRun.Succeeded(evaluated, started, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            SaveModelFile(evaluated);
            registry.Publish(evaluated);
            if (retryAfter.TryRemove(projectId, out _))
            {
                diskSpace?.Clear();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && DiskFull.Is(e, storage))
        {
            // Every run fails the same way until space is freed, and nothing may be asked for meanwhile (an import
            // that is done, no one labelling): try again later by itself, waiting longer each time.
            diskSpace?.Raise($"training project {projectId}");
            var delay = retryAfter.AddOrUpdate(projectId, FirstRetry, (_, last) => last * 2 > LastRetry ? LastRetry : last * 2);
            _ = RetryLaterAsync(projectId, delay);
            await RecordAsync(TrainingRun.Failed(projectId, lastVersion + 1, started, time.GetUtcNow(), "The disk is full."), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e, projectId);
            await RecordAsync(TrainingRun.Failed(projectId, lastVersion + 1, started, time.GetUtcNow(), e.Message), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A span-tagging project's run: refits the tagger and re-ranks (published at once), then cross-validates — from
    /// <see cref="SpanTrainer.MinimumEvaluationSentences"/> fully answered sentences, after every change up to 200 of
    /// them, then every tenth more — and publishes again.
    /// </summary>
    private async Task TrainSpansAsync(TagloopDbContext db, int projectId, int lastVersion, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var previous = registry.CurrentSpans(projectId);

        // After a restart the saved tagger is the warm start of the first refit, which then takes a few iterations.
        var saved = previous is null ? store?.LoadTagger(projectId, spanTrainer.CurrentFeatures(cancellationToken)) : null;
        var snapshot = spanTrainer.Train(db, projectId, previous, lastVersion, saved, cancellationToken);
        if (snapshot is null)
        {
            return;
        }

        registry.Publish(snapshot);
        LogTrained(projectId, snapshot.Version, snapshot.Sentences, snapshot.TrainingMilliseconds);
        var sentences = snapshot.FullSentences?.Count ?? 0;
        var evaluatedOn = previous?.Evaluation?.Sentences ?? 0;
        var due = sentences >= SpanTrainer.MinimumEvaluationSentences
            && (previous?.Evaluation is null || (sentences != evaluatedOn && (sentences <= 200 || Math.Abs(sentences - evaluatedOn) >= evaluatedOn / 10)));
        var evaluated = due ? SpanTrainer.Evaluate(snapshot, cancellationToken) : snapshot;
        await RecordAsync(TrainingRun.Succeeded(evaluated, started, time.GetUtcNow(), due), cancellationToken).ConfigureAwait(false);
        if (due || snapshot.FullRefitExamples == snapshot.Sentences || previous is null)
        {
            // Written after full refits and evaluations, not after every quick update.
            SaveModelFile(evaluated.ProjectId, () => store?.Save(evaluated));
        }

        registry.Publish(evaluated);
    }

    /// <summary>The model file is a copy for downloads and restarts: failing to write it must not hold back the model itself.</summary>
    private void SaveModelFile(ModelSnapshot evaluated) => SaveModelFile(evaluated.ProjectId, () => store?.Save(evaluated));

    private void SaveModelFile(int projectId, Action save)
    {
        try
        {
            save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (DiskFull.Is(e, storage))
            {
                diskSpace?.Raise($"saving the model file of project {projectId}");
            }
            else
            {
                LogModelFileNotSaved(e, projectId);
            }
        }
    }

    private async Task RetryLaterAsync(int projectId, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            Request(projectId);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping.
        }
    }

    /// <summary>Writes the run on a context of its own; losing the record must not lose the model, so failures are only logged.</summary>
    private async Task RecordAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            db.TrainingRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && DiskFull.Is(e, storage))
        {
            diskSpace?.Raise($"recording training run {run.Version} of project {run.ProjectId}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotRecorded(e, run.ProjectId, run.Version);
        }
    }

    /// <summary>The rules' labels, or none when working them out fails: the answers still train the model, and the log says why.</summary>
    private async Task<WeakSupervision.ProjectWeakLabels?> WeakLabelsAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        if (rules is null)
        {
            return null;
        }

        try
        {
            return await rules.LoopLabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRulesFailed(e, projectId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {ProjectId}: the rules' labels could not be worked out; the model trains on the answers alone")]
    private partial void LogRulesFailed(Exception exception, int projectId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Project {ProjectId}: model {Version} trained on {Labels} labels in {Milliseconds:0} ms")]
    private partial void LogTrained(int projectId, int version, int labels, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Project {ProjectId}: training failed")]
    private partial void LogFailed(Exception exception, int projectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {ProjectId}: the model file could not be saved; the model itself is in use")]
    private partial void LogModelFileNotSaved(Exception exception, int projectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {ProjectId}: the record of training run {Version} could not be saved")]
    private partial void LogNotRecorded(Exception exception, int projectId, int version);
}
