using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Documents;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Tasks;
using Tagloop.Core.Tests.Import;
using Tagloop.Core.Training;
using Tagloop.Storage.Postgres;

namespace Tagloop.Core.Tests.Tasks;

/// <summary>
/// What a server holds for the task queue (pools, leases, what follows a commit, models), over a test database: on
/// PostgreSQL the leases are held in the database, as servers sharing it hold them.
/// </summary>
internal sealed class QueueKit(TestDatabase database, TimeProvider? clock = null)
{
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    public TaskPools Pools { get; private set; } = NewPools(database, clock ?? TimeProvider.System);

    public ITaskLeases Leases { get; private set; } = NewLeases(database, clock ?? TimeProvider.System);

    public ModelRegistry Models { get; } = new();

    private ProjectChanges Changes => new(Pools, Leases, new ProjectFeed<AnnotationsChanged>(capacity: 1), time);

    /// <summary>Each call on its own context, as each request has its own.</summary>
    public Task<Document?> NextAsync(int projectId, string annotator) =>
        new TaskQueue(database.NewContext(), Pools, Leases, Models).NextAsync(projectId, annotator, CancellationToken.None);

    public Task<QueuedDocument?> NextTaskAsync(int projectId, string annotator) =>
        new TaskQueue(database.NewContext(), Pools, Leases, Models).NextTaskAsync(projectId, annotator, CancellationToken.None);

    public async Task<Annotation> AnswerAsync(int projectId, string annotator, long documentId, string label = "spam")
    {
        var outcome = await new AnnotationRecorder(database.NewContext(), time, Changes).RecordAsync(projectId, annotator, new NewAnnotation(documentId, [label]), CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        return outcome.Value!;
    }

    public async Task<Annotation> SkipAsync(int projectId, string annotator, long documentId)
    {
        var outcome = await new AnnotationRecorder(database.NewContext(), time, Changes).RecordAsync(projectId, annotator, new NewAnnotation(documentId, null, Skip: true), CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        return outcome.Value!;
    }

    public async Task UndoAsync(int projectId, long annotationId)
    {
        var outcome = await new AnnotationRecorder(database.NewContext(), time, Changes).UndoAsync(projectId, annotationId, null, CancellationToken.None);
        Assert.True(outcome.Succeeded);
    }

    public async Task<ImportResult> ImportAsync(int projectId, params string[] lines)
    {
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        var outcome = await new DocumentImporter(database.NewContext(), time, Changes).ImportAsync(
            projectId, content, new ImportOptions { Format = ImportFormat.Jsonl, Source = "seed" }, null, CancellationToken.None);
        return outcome.Imported();
    }

    /// <summary>As after a restart: everything in memory is gone, the database stays.</summary>
    public void Restart()
    {
        Pools = NewPools(database, time);
        Leases = NewLeases(database, time);
    }

    /// <summary>A second server on the same database: its own pools, the same leases when they are held in the database.</summary>
    public QueueKit OtherServer() => new(database, time) { Leases = Leases.Shared ? NewLeases(database, time) : Leases };

    /// <summary>As the server makes them: on PostgreSQL, read afresh once a minute old.</summary>
    private static TaskPools NewPools(TestDatabase database, TimeProvider time) =>
        database.ConnectionString is null ? new TaskPools() : new TaskPools(time, TimeSpan.FromMinutes(1));

    private static ITaskLeases NewLeases(TestDatabase database, TimeProvider time) =>
        database.ConnectionString is { } postgres ? new PostgresTaskLeases(postgres, time) : new InMemoryTaskLeases(time);
}
