using System.Text;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Import;

namespace Tagloop.Core.Tests.Import;

[Collection(HeapMeasurement.Name)]
public sealed class LargeImportTests
{
    [Fact]
    public async Task A_million_line_file_imports_completely_while_the_heap_stays_far_below_the_file_size()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var path = Path.Combine(database.Folder, "million.jsonl");
        const int lines = 1_000_000;
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            for (var i = 0; i < lines; i++)
            {
                await writer.WriteAsync($"{{\"text\": \"Message {i}: the quarterly report is attached, please review section {i % 97} before Friday.\", \"meta\": {{\"n\": {i}}}}}\n");
            }
        }

        var fileBytes = new FileInfo(path).Length;

        // What the import itself holds: what earlier tests left in the process's caches (EF's compiled queries and
        // models for each provider, pools) is live too, and counted before the import starts.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peakHeap = 0;
        var reports = 0;
        var progress = new Inline(p =>
        {
            // Live objects, not garbage awaiting collection (whose amount depends on the GC's budgets): every tenth
            // report forces a collection and reads what survives.
            if (reports++ % 10 == 0)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: true));
            }

            Assert.True(p.BytesRead <= fileBytes);
        });
        await using var stream = File.OpenRead(path);
        var result = (await new DocumentImporter(database.Db, TimeProvider.System).ImportAsync(
            project.Id, stream, new ImportOptions { Format = ImportFormat.Jsonl }, progress, CancellationToken.None)).Imported();

        Assert.Equal(lines, result.Imported);
        Assert.Equal(lines, await database.NewContext().Documents.CountAsync());
        Assert.True(reports >= 100, $"progress was reported {reports} times");

        // Held whole as .NET strings the file would take about twice its size in UTF-16; the import keeps a hash
        // set of 16-byte keys and one line at a time.
        Assert.True(peakHeap - before < fileBytes / 2, $"peak live managed heap {peakHeap / 1e6:0} MB ({before / 1e6:0} MB before the import) for a {fileBytes / 1e6:0} MB file");
    }

    private sealed class Inline(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
