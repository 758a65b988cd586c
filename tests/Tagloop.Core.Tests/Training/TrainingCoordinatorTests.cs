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
        var texts = Enumerable.Range(0, 12).Select(i => $"win cash prize {i}").Concat(Enumerable.Range(0, 12).Select(i => $"meeting agenda notes {i}")).ToList();
        var documents = texts.Select(t =>
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t));
            return new Document { ProjectId = project.Id, Text = t, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) };
        }).ToList();
        database.Db.Documents.AddRange(documents);
        await database.Db.SaveChangesAsync();
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
