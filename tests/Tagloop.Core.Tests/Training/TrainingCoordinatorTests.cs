using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Training;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Core.Tests.Training;

public sealed class TrainingCoordinatorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Each_training_writes_a_run_and_versions_continue_after_a_restart()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var documents = await SpamAndHamAsync(database, project.Id, 12);
        var recorder = new AnnotationRecorder(database.Db, TimeProvider.System);
        for (var i = 0; i < 6; i++)
        {
            await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[i].Id, ["spam"]), CancellationToken.None);
            await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[12 + i].Id, ["ham"]), CancellationToken.None);
        }

        await using var services = new ServiceCollection().AddTagloopSqlite(Path.Combine(database.Folder, SqliteStorage.DatabaseFileName)).BuildServiceProvider();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();

        // First life: the start-up training, then one more after a label.
        var registry = new ModelRegistry();
        using (var published = registry.Subscribe(project.Id))
        await using (Start(scopes, registry, out var coordinator))
        {
            Assert.Equal(1, (await NextModelAsync(published)).Version);
            await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[6].Id, ["spam"]), CancellationToken.None);
            coordinator.Request(project.Id);
            var second = await NextModelAsync(published);
            Assert.Equal(2, second.Version);
            Assert.Equal(13, second.Labels);
        }

        // Second life, as after a restart: an empty registry, yet the numbering goes on.
        var restarted = new ModelRegistry();
        using (var published = restarted.Subscribe(project.Id))
        await using (Start(scopes, restarted, out _))
        {
            Assert.Equal(3, (await NextModelAsync(published)).Version);
        }

        var runs = await database.NewContext().TrainingRuns.AsNoTracking().Where(r => r.ProjectId == project.Id).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([1, 2, 3], runs.Select(r => r.Version));
        Assert.Equal([12, 13, 13], runs.Select(r => r.Labels));
        Assert.All(runs, r =>
        {
            Assert.Equal(TrainingRunStatus.Succeeded, r.Status);
            Assert.Null(r.Error);
            Assert.NotNull(r.Accuracy);
            Assert.NotNull(r.MacroF1);
            Assert.NotNull(r.AccuracySd);
            Assert.True(r.FinishedAt >= r.StartedAt);
            Assert.Contains("\"confusion\"", r.EvaluationJson, StringComparison.Ordinal);
            Assert.Contains("\"spam\"", r.EvaluationJson, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_failed_run_is_recorded_with_its_error_the_model_in_use_stays_and_the_next_run_continues_the_numbering()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var documents = await SpamAndHamAsync(database, project.Id, 6);
        var recorder = new AnnotationRecorder(database.Db, TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[i].Id, ["spam"]), CancellationToken.None);
            await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[6 + i].Id, ["ham"]), CancellationToken.None);
        }

        await using var services = new ServiceCollection().AddTagloopSqlite(Path.Combine(database.Folder, SqliteStorage.DatabaseFileName)).BuildServiceProvider();
        var registry = new ModelRegistry();
        using var published = registry.Subscribe(project.Id);
        await using var running = Start(services.GetRequiredService<IServiceScopeFactory>(), registry, out var coordinator);
        Assert.Equal(1, (await NextModelAsync(published)).Version);

        // The answers' labels cannot be read (their table is moved away, as a broken database would have it): the run
        // fails with the database's message, and is recorded so.
        await database.NewContext().Database.ExecuteSqlRawAsync("ALTER TABLE \"AnnotationLabels\" RENAME TO \"AnnotationLabelsAway\"");
        coordinator.Request(project.Id);
        var failed = await WaitForRunAsync(database, project.Id, version: 2);
        Assert.Equal(TrainingRunStatus.Failed, failed.Status);
        Assert.False(string.IsNullOrWhiteSpace(failed.Error));
        Assert.Null(failed.Accuracy);
        Assert.Equal(1, registry.Current(project.Id)!.Version);

        Assert.Contains("AnnotationLabels", failed.Error, StringComparison.Ordinal);

        // Mended, the next run succeeds and takes the next number: a failed run's version is not reused.
        await database.NewContext().Database.ExecuteSqlRawAsync("ALTER TABLE \"AnnotationLabelsAway\" RENAME TO \"AnnotationLabels\"");
        await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[5].Id, ["spam"]), CancellationToken.None);
        coordinator.Request(project.Id);
        var next = await NextModelAsync(published);
        Assert.Equal(11, next.Labels);
        var runs = await database.NewContext().TrainingRuns.AsNoTracking().Where(r => r.ProjectId == project.Id).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([TrainingRunStatus.Succeeded, TrainingRunStatus.Failed, TrainingRunStatus.Succeeded], runs.Select(r => r.Status));
        Assert.Equal(next.Version, runs[^1].Version);
        Assert.True(next.Version > 1);
    }

    /// <summary><paramref name="each"/> spam-like documents, then as many ham-like ones, stored as a completed corpus.</summary>
    private static async Task<List<Document>> SpamAndHamAsync(TestDatabase database, int projectId, int each)
    {
        var texts = Enumerable.Range(0, each).Select(i => $"win cash prize {i}").Concat(Enumerable.Range(0, each).Select(i => $"meeting agenda notes {i}"));
        var documents = texts.Select(t =>
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t));
            return new Document { ProjectId = projectId, Text = t, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) };
        }).ToList();
        database.Db.Documents.AddRange(documents);
        await database.Db.SaveChangesAsync();
        return documents;
    }

    private static async Task<TrainingRun> WaitForRunAsync(TestDatabase database, int projectId, int version)
    {
        for (var look = 0; look < Patience.TotalMilliseconds / 50; look++)
        {
            var run = await database.NewContext().TrainingRuns.AsNoTracking().FirstOrDefaultAsync(r => r.ProjectId == projectId && r.Version == version);
            if (run is not null)
            {
                return run;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No training run {version} within {Patience.TotalSeconds} s.");
    }

    private static RunningCoordinator Start(IServiceScopeFactory scopes, ModelRegistry registry, out TrainingCoordinator coordinator)
    {
        coordinator = new TrainingCoordinator(scopes, registry, TimeProvider.System, NullLogger<TrainingCoordinator>.Instance);
        var stop = new CancellationTokenSource();
        return new RunningCoordinator(coordinator.RunAsync(stop.Token), stop);
    }

    private static async Task<ModelSnapshot> NextModelAsync(Tagloop.Core.Common.FeedSubscription<ModelSnapshot> published)
    {
        // Each version is published twice: at once with its ranking (and the last figures), then with its own cross-validated ones.
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var snapshot = await published.Reader.ReadAsync(timeout.Token);
            if (snapshot.Evaluation is not null && snapshot.EvaluatedLabels == snapshot.Labels)
            {
                return snapshot;
            }
        }
    }

    private sealed record RunningCoordinator(Task Run, CancellationTokenSource Stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run);
            Stop.Dispose();
        }
    }
}
