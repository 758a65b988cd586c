using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Bench;

/// <summary>
/// A data folder with one project (4 labels unless told otherwise, the default encoder) holding a pool of texts, imported through the importer, and its first
/// 200 labels (on the first documents of the unranked queue), as an annotation team would leave it.
/// </summary>
internal static class PoolDatabase
{
    public static readonly string[] Labels = ["World", "Sports", "Business", "Sci/Tech"];

    /// <summary>Builds the folder; returns the project's id and how long the import took.</summary>
    public static async Task<(int ProjectId, double ImportSeconds)> BuildAsync(string folder, IReadOnlyList<string> texts, IReadOnlyList<string>? labels = null)
    {
        labels ??= Labels;
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "pool.jsonl");
        await WriteJsonlAsync(file, texts);
        await using var services = new ServiceCollection().AddTagloopSqlite(Path.Combine(folder, SqliteStorage.DatabaseFileName)).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        await SqliteStorage.MigrateAsync(db, CancellationToken.None);
        var project = await ProjectCreation.CreateAsync(db, new NewProject("Latency", "classification", false, [.. labels.Select(l => new NewLabel(l))], null), TimeProvider.System, CancellationToken.None);
        var projectId = project.Value!.Id;

        var clock = Stopwatch.StartNew();
        await using (var input = File.OpenRead(file))
        {
            var imported = await new DocumentImporter(db, TimeProvider.System).ImportAsync(projectId, input, new ImportOptions { Format = ImportFormat.Jsonl }, null, CancellationToken.None);
            if (!imported.Succeeded || imported.Value!.Imported != texts.Count)
            {
                throw new InvalidOperationException($"The pool of {texts.Count} did not import whole: {imported.Value} {string.Join("; ", imported.Value?.Errors.Take(3).Select(e => $"{e.Line}: {e.Message}") ?? [])} {string.Join("; ", imported.Problems.Select(p => p.Message))}");
            }
        }

        var importSeconds = clock.Elapsed.TotalSeconds;
        File.Delete(file);
        var random = new Random(5);
        var ids = db.Documents.Where(d => d.ProjectId == projectId).OrderBy(d => d.ShuffleKey).Select(d => d.Id).Take(200).ToList();
        var recorder = new AnnotationRecorder(db, TimeProvider.System);
        foreach (var id in ids)
        {
            await recorder.RecordAsync(projectId, "bench", new NewAnnotation(id, [labels[random.Next(labels.Count)]]), CancellationToken.None);
        }

        return (projectId, importSeconds);
    }

    public static async Task WriteJsonlAsync(string path, IEnumerable<string> texts)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        foreach (var text in texts)
        {
            await writer.WriteAsync(JsonSerializer.Serialize(new { text }));
            await writer.WriteAsync('\n');
        }
    }
}
