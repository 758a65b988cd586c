using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tagloop.Core.Common;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Training;

/// <summary>
/// Encodes documents with their project's sentence model in the background, off the training path: for each project
/// asked for (by the trainer when it finds documents without embeddings), the documents missing from its
/// <see cref="EmbeddingStore"/> are read, encoded a chunk at a time (progress reported) and appended; then the
/// project is retrained with them. Until all but a tenth of its documents have vectors a TF-IDF model serves its
/// queue (<see cref="ProjectTrainer"/>).
/// </summary>
public sealed partial class EmbeddingCoordinator(
    IServiceScopeFactory scopes, EmbeddingQueue queue, EmbeddingStore store, DenseEncoders encoders, TrainingCoordinator training,
    EncodingProgress progress, TimeProvider time, ILogger<EmbeddingCoordinator> logger, DiskSpaceAlarm? diskSpace = null, IStorageFaults? storage = null)
{
    private const int Chunk = 64;
    private static readonly TimeSpan RetryAfterFullDisk = TimeSpan.FromMinutes(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var projectId in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (await EncodeAsync(projectId, cancellationToken).ConfigureAwait(false))
                {
                    training.Request(projectId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && DiskFull.Is(e, storage))
            {
                diskSpace?.Raise($"storing the embeddings of project {projectId}");
                _ = RetryLaterAsync(projectId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e, projectId);
            }
        }
    }

    /// <summary>Encodes what is missing; true when something was added (the model should learn from it).</summary>
    private async Task<bool> EncodeAsync(int projectId, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var started = time.GetTimestamp();
        var (encoder, count) = await EncodeMissingAsync(db, projectId, store, encoders, progress, cancellationToken, queue.IsWantedForMap(projectId)).ConfigureAwait(false);
        if (count > 0)
        {
            LogEncoded(projectId, count, encoder!, time.GetElapsedTime(started).TotalSeconds);
        }

        return count > 0;
    }

    /// <summary>
    /// Encodes the project's documents that have no vector yet with its encoder's sentence model, a chunk at a time,
    /// appending each chunk to the store as it is done (an interruption loses at most one chunk). Returns the sentence
    /// model's name (null when the project's encoder has none) and how many documents were encoded. With
    /// <paramref name="forMap"/>, a project whose model reads no sentence vectors is encoded with its map's model
    /// (<see cref="Explore.MapEncoder"/>).
    /// </summary>
    public static async Task<(string? Encoder, int Count)> EncodeMissingAsync(
        TagloopDbContext db, int projectId, EmbeddingStore store, DenseEncoders encoders, EncodingProgress? progress, CancellationToken cancellationToken,
        bool forMap = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(encoders);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        // The span tagger reads words, not sentence embeddings: nothing to encode for a span-tagging project, nor for one
        // on TF-IDF alone, unless someone wants its map.
        var dense = project is null ? null : forMap ? Explore.MapEncoder.For(project) : Explore.MapEncoder.Own(project.Task, project.Encoder);
        if (dense is null)
        {
            return (null, 0);
        }

        var encoder = encoders.Get(dense);
        HashSet<long> stored;
        using (var view = store.Open(projectId, dense, encoder.Dimension))
        {
            stored = view is null ? [] : [.. view.Ids];
        }

        var ids = await db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId).OrderBy(d => d.Id).Select(d => d.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var missing = ids.Where(id => !stored.Contains(id)).ToArray();
        if (missing.Length == 0)
        {
            return (dense, 0);
        }

        var rows = new float[Chunk * encoder.Dimension];
        try
        {
            for (var done = 0; done < missing.Length; done += Chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // The project may have switched to another encoder (or gone) meanwhile: stop reading for the old one.
                if (done > 0 && await StillWantedAsync(db, projectId, dense, forMap, cancellationToken).ConfigureAwait(false) is false)
                {
                    return (dense, done);
                }

                progress?.Report(projectId, done, missing.Length, dense);
                var chunk = missing.AsSpan(done, Math.Min(Chunk, missing.Length - done)).ToArray();
                var (first, last) = (chunk[0], chunk[^1]);
                var texts = await db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && d.Id >= first && d.Id <= last)
                    .Select(d => new { d.Id, d.Text }).ToDictionaryAsync(d => d.Id, d => d.Text, cancellationToken).ConfigureAwait(false);

                // A document deleted since the ids were read is skipped (its vector would never be read).
                var present = chunk.Where(texts.ContainsKey).ToArray();
                if (present.Length == 0)
                {
                    continue;
                }

                var output = rows.AsSpan(0, present.Length * encoder.Dimension);
                encoder.Encode([.. present.Select(id => texts[id])], output);
                store.Append(projectId, dense, present, output, encoder.Dimension);
            }
        }
        finally
        {
            progress?.Report(projectId, missing.Length, missing.Length, dense);
        }

        return (dense, missing.Length);
    }

    private async Task RetryLaterAsync(int projectId, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(RetryAfterFullDisk, time, cancellationToken).ConfigureAwait(false);
            queue.Request(projectId);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId}: {Count} documents encoded with {Encoder} in {Seconds:0.0} s")]
    private partial void LogEncoded(int projectId, int count, string encoder, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Project {ProjectId}: encoding documents failed")]
    private partial void LogFailed(Exception exception, int projectId);

    private static async Task<bool> StillWantedAsync(TagloopDbContext db, int projectId, string dense, bool forMap, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        return project is not null && (forMap ? Explore.MapEncoder.For(project) : Explore.MapEncoder.Own(project.Task, project.Encoder)) == dense;
    }
}
