using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Documents;
using Tagloop.Core.Import;
using Tagloop.Core.Tests.Tasks;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

/// <summary>An import writes in committed batches, yet nothing of it is seen until it completes, and a failed one leaves nothing.</summary>
public class ImportVisibilityTests
{
    /// <summary>The database these tests run on; a derived class runs them all again on PostgreSQL.</summary>
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    [Fact]
    public async Task An_imports_documents_stay_hidden_everywhere_until_it_completes_and_it_does_not_hold_the_write_lock_while_waiting()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var queue = new QueueKit(database);
        await queue.ImportAsync(project.Id, """{"text": "visible before"}""");
        var resume = new TaskCompletionSource();
        var import = ImportRecordsAsync(database, project.Id, PausedAsync(3, resume.Task, 2, label: "spam"), CancellationToken.None);

        await WaitForRowsAsync(database, project.Id, 1 + 3);
        var db = database.NewContext();
        Assert.Equal(1, await db.Documents.CountAsync(d => d.ProjectId == project.Id));
        Assert.Equal(0, await db.Annotations.CountAsync(a => a.ProjectId == project.Id));
        var stats = (await new ProjectStatisticsQuery(db).ComputeAsync(project.Id, CancellationToken.None)).Value!;
        Assert.Equal(1, stats.Total);
        Assert.Equal(0, stats.Labelled);
        var page = (await new DocumentBrowser(db).BrowseAsync(project.Id, DocumentFilter.All, "paused", 1, 50, null, CancellationToken.None)).Value!;
        Assert.Equal(0, page.Total);
        var only = await queue.NextAsync(project.Id, "ana");
        Assert.Equal("visible before", only!.Text);
        await queue.AnswerAsync(project.Id, "ana", only.Id);
        Assert.Null(await queue.NextAsync(project.Id, "ana"));

        // Waiting for input, the import holds no write transaction: another writer gets SQLite's lock at once.
        if (database.Storage == TestStorage.Sqlite)
        {
            await using var other = new SqliteConnection($"Data Source={Path.Combine(database.Folder, "tagloop.db")}");
            await other.OpenAsync();
            await using var command = other.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;";
            await command.ExecuteNonQueryAsync();
        }

        resume.SetResult();
        var result = (await import).Imported();
        Assert.Equal(5, result.Imported);
        Assert.Equal(5, result.Labelled);
        db = database.NewContext();
        Assert.Equal(6, await db.Documents.CountAsync(d => d.ProjectId == project.Id));
        Assert.Equal(6, (await new ProjectStatisticsQuery(db).ComputeAsync(project.Id, CancellationToken.None)).Value!.Labelled);
    }

    [Fact]
    public async Task A_source_that_fails_after_whole_batches_were_committed_leaves_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();

        await Assert.ThrowsAsync<IOException>(() => ImportRecordsAsync(database, project.Id, FailingAsync(12_000), CancellationToken.None));

        await AssertNothingLeftAsync(database);
    }

    [Fact]
    public async Task A_cancelled_import_leaves_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        using var cancel = new CancellationTokenSource();
        var import = ImportRecordsAsync(database, project.Id, PausedAsync(3, Task.Delay(Timeout.Infinite, cancel.Token), 2), cancel.Token);

        await WaitForRowsAsync(database, project.Id, 3);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => import);
        await AssertNothingLeftAsync(database);
    }

    [Fact]
    public async Task A_rejected_file_takes_back_the_batches_it_had_written()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var lines = string.Join('\n', Enumerable.Range(0, 12_000).Select(i => $$"""{"text": "line {{i}}", "label": "ham"}""")) + "\n{\"text\": 5}\n";

        var result = (await database.ImportAsync(project.Id, lines, ImportFormat.Jsonl)).Imported();

        Assert.True(result.Rejected);
        Assert.Equal(0, result.Imported);
        Assert.Equal(12_001, result.Skipped);
        await AssertNothingLeftAsync(database);
    }

    [Fact]
    public async Task Imports_into_one_project_take_turns_so_a_text_in_both_is_imported_once()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var resume = new TaskCompletionSource();
        var first = ImportRecordsAsync(database, project.Id, PausedAsync(2, resume.Task, 1), CancellationToken.None);
        await WaitForRowsAsync(database, project.Id, 2);

        var second = ImportRecordsAsync(database, project.Id, RecordsAsync(["paused 0", "paused 1", "something new"]), CancellationToken.None);
        Assert.False(second.IsCompleted);
        resume.SetResult();

        Assert.Equal(3, (await first).Imported().Imported);
        var later = (await second).Imported();
        Assert.Equal(1, later.Imported);
        Assert.Equal(2, later.Duplicates);
        Assert.Equal(4, await database.NewContext().Documents.CountAsync());
    }

    [Fact]
    public async Task Unfinished_imports_of_processes_that_are_gone_are_removed_and_running_ones_are_kept()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var resume = new TaskCompletionSource();
        var running = ImportRecordsAsync(database, project.Id, PausedAsync(2, resume.Task, 1), CancellationToken.None);
        await WaitForRowsAsync(database, project.Id, 2);

        // What a crashed import leaves: a run whose process is gone, its documents and a pre-filled label.
        var db = database.NewContext();
        var crashed = new ImportRun { ProjectId = project.Id, State = ImportRunState.Running, OwnerProcessId = int.MaxValue, OwnerStartedAt = TimeProvider.System.GetUtcNow() };
        db.ImportRuns.Add(crashed);
        await db.SaveChangesAsync();
        var document = new Document { ProjectId = project.Id, Text = "left by a crash", TextHash = new byte[32], ImportRunId = crashed.Id };
        db.Documents.Add(document);
        await db.SaveChangesAsync();
        db.Annotations.Add(new Annotation { ProjectId = project.Id, DocumentId = document.Id, Author = "seed", ImportRunId = crashed.Id, Labels = [new AnnotationLabel { LabelId = project.Labels[0].Id }] });
        await db.SaveChangesAsync();

        Assert.Equal(1, await new UnfinishedImports(database.NewContext(), TimeProvider.System).RemoveAsync(null, CancellationToken.None));

        db = database.NewContext();
        Assert.Equal(2, await db.Documents.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.Annotations.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.AnnotationLabels.CountAsync());
        Assert.Equal(1, await db.ImportRuns.CountAsync());
        resume.SetResult();
        Assert.Equal(3, (await running).Imported().Imported);
    }

    [Fact]
    public async Task An_unfinished_import_of_another_machine_is_left_alone_as_its_process_cannot_be_looked_up_here()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();

        // A server on another machine sharing the database, importing: its process id means nothing here.
        var db = database.NewContext();
        var elsewhere = new ImportRun
        {
            ProjectId = project.Id,
            State = ImportRunState.Running,
            OwnerProcessId = int.MaxValue,
            OwnerStartedAt = TimeProvider.System.GetUtcNow(),
            OwnerHost = Environment.MachineName + "-other",
        };
        db.ImportRuns.Add(elsewhere);
        await db.SaveChangesAsync();
        db.Documents.Add(new Document { ProjectId = project.Id, Text = "being imported elsewhere", TextHash = new byte[32], ImportRunId = elsewhere.Id });
        await db.SaveChangesAsync();

        Assert.Equal(0, await new UnfinishedImports(database.NewContext(), TimeProvider.System).RemoveAsync(null, CancellationToken.None));
        Assert.Equal(1, await database.NewContext().Documents.IgnoreQueryFilters().CountAsync());

        // The same run on this machine, with its process gone, is a crash's leftover.
        await database.NewContext().ImportRuns.Where(r => r.Id == elsewhere.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.OwnerHost, Environment.MachineName));
        Assert.Equal(1, await new UnfinishedImports(database.NewContext(), TimeProvider.System).RemoveAsync(null, CancellationToken.None));
        Assert.Equal(0, await database.NewContext().Documents.IgnoreQueryFilters().CountAsync());
    }

    private static Task<Outcome<ImportResult>> ImportRecordsAsync(TestDatabase database, int projectId, IAsyncEnumerable<ImportRecord> records, CancellationToken cancellationToken) =>
        Task.Run(() => new DocumentImporter(database.NewContext(), TimeProvider.System).ImportRecordsAsync(projectId, records, new ImportOptions { Format = ImportFormat.Jsonl, Source = "seed" }, null, cancellationToken));

    private static async IAsyncEnumerable<ImportRecord> PausedAsync(int before, Task pause, int after, string? label = null)
    {
        for (var i = 0; i < before + after; i++)
        {
            if (i == before)
            {
                await pause;
            }

            yield return new ImportRecord(i + 1, $"paused {i}", null, label is null ? [] : [label]);
        }
    }

    private static async IAsyncEnumerable<ImportRecord> RecordsAsync(string[] texts)
    {
        await Task.Yield();
        for (var i = 0; i < texts.Length; i++)
        {
            yield return new ImportRecord(i + 1, texts[i], null, []);
        }
    }

    private static async IAsyncEnumerable<ImportRecord> FailingAsync(int before, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < before; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ImportRecord(i + 1, $"record {i}", null, ["spam"]);
        }

        await Task.Yield();
        throw new IOException("the upload broke off");
    }

    /// <summary>Waits until the import has committed this many rows (hidden or not) to the project.</summary>
    private static async Task WaitForRowsAsync(TestDatabase database, int projectId, int rows)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await database.NewContext().Documents.IgnoreQueryFilters().CountAsync(d => d.ProjectId == projectId) >= rows)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the import did not commit {rows} rows");
    }

    private static async Task AssertNothingLeftAsync(TestDatabase database)
    {
        var db = database.NewContext();
        Assert.Equal(0, await db.Documents.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.Annotations.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.AnnotationLabels.CountAsync());
        Assert.Equal(0, await db.ImportRuns.CountAsync());
    }
}
