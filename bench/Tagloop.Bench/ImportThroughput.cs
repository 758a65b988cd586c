using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Bench;

/// <summary>
/// Imports a 1,000,000-line JSONL file built from real news texts into a fresh SQLite database, several times,
/// and reports documents per second and the peak managed heap.
/// </summary>
internal static class ImportThroughput
{
    public static async Task<ImportFigures> RunAsync(string sharedDatasets, int lines, int repeats)
    {
        var work = Directory.CreateTempSubdirectory("tagloop-bench-import-").FullName;
        try
        {
            var file = Path.Combine(work, "corpus.jsonl");
            var bytes = WriteCorpus(Path.Combine(sharedDatasets, "ag_news", "test.jsonl"), file, lines);
            var seconds = new List<double>();
            long peakHeap = 0;
            for (var run = 0; run < repeats; run++)
            {
                var databasePath = Path.Combine(work, $"run{run}.db");
                await using var services = new ServiceCollection().AddTagloopSqlite(databasePath).BuildServiceProvider();
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
                await SqliteStorage.MigrateAsync(db, CancellationToken.None);
                var project = await ProjectCreation.CreateAsync(db, new NewProject("Bench", "classification", false, [new NewLabel("World"), new NewLabel("Sports"), new NewLabel("Business"), new NewLabel("Sci/Tech")], null), TimeProvider.System, CancellationToken.None);

                GC.Collect();
                var clock = Stopwatch.StartNew();
                await using var input = File.OpenRead(file);
                var outcome = await new DocumentImporter(db, TimeProvider.System).ImportAsync(
                    project.Value!.Id, input, new ImportOptions { Format = ImportFormat.Jsonl },
                    new Peak(h => peakHeap = Math.Max(peakHeap, h)), CancellationToken.None);
                clock.Stop();
                if (!outcome.Succeeded || outcome.Value!.Imported != lines)
                {
                    throw new InvalidOperationException($"The benchmark import did not import {lines} documents: {outcome.Value?.Imported}, {string.Join("; ", outcome.Problems.Select(p => p.Message))}");
                }

                seconds.Add(clock.Elapsed.TotalSeconds);
                Console.WriteLine($"import run {run + 1}: {lines / clock.Elapsed.TotalSeconds:0} documents/s");
                SqliteConnection.ClearAllPools();
                File.Delete(databasePath);
            }

            seconds.Sort();
            return new ImportFigures(lines, bytes, seconds, peakHeap);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static long WriteCorpus(string source, string target, int lines)
    {
        var texts = File.ReadLines(source).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
        using var writer = new StreamWriter(target, false, new UTF8Encoding(false));
        for (var i = 0; i < lines; i++)
        {
            // Real texts, made unique so that none is skipped as a duplicate.
            writer.Write(JsonSerializer.Serialize(new { text = $"{texts[i % texts.Count]} [{i}]", meta = new { n = i } }));
            writer.Write('\n');
        }

        writer.Flush();
        return writer.BaseStream.Length;
    }

    private sealed class Peak(Action<long> record) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => record(GC.GetTotalMemory(false));
    }
}
