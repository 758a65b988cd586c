using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Bench;

/// <summary>
/// What the filter hiding unfinished imports costs the queries that read documents: each timed with the filter and,
/// the same query, past it (<c>IgnoreQueryFilters</c>); median of 7 runs on a warm database.
/// </summary>
internal static class FilterCost
{
    public static async Task<string> MeasureAsync(string folder, int size)
    {
        await using var services = new ServiceCollection().AddTagloopSqlite(Path.Combine(folder, SqliteStorage.DatabaseFileName)).BuildServiceProvider();
        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"On the {size:N0}-document project, before the server starts; median of 7 runs, warm page cache.")
            .AppendLine()
            .AppendLine("| query | with the filter | without |")
            .AppendLine("|---|---|---|");
        var project = 1;
        await RowAsync(table, services, "count the project's documents (stats, project list, trainer)",
            db => db.Documents.CountAsync(d => d.ProjectId == project), db => db.Documents.IgnoreQueryFilters().CountAsync(d => d.ProjectId == project));
        await RowAsync(table, services, "every document id in id order (trainer, each run)",
            async db => (await db.Documents.Where(d => d.ProjectId == project).OrderBy(d => d.Id).Select(d => d.Id).ToArrayAsync()).Length,
            async db => (await db.Documents.IgnoreQueryFilters().Where(d => d.ProjectId == project).OrderBy(d => d.Id).Select(d => d.Id).ToArrayAsync()).Length);
        await RowAsync(table, services, "one document by key (tasks/next, answers)",
            async db => (await db.Documents.AsNoTracking().FirstAsync(d => d.Id == size / 2 && d.ProjectId == project)).Text.Length,
            async db => (await db.Documents.IgnoreQueryFilters().AsNoTracking().FirstAsync(d => d.Id == size / 2 && d.ProjectId == project)).Text.Length);
        await RowAsync(table, services, "current answers with their labels (trainer)",
            db => db.Annotations.Where(a => a.ProjectId == project && a.IsCurrent && a.Kind == AnnotationKind.Answer).Join(db.AnnotationLabels, a => a.Id, l => l.AnnotationId, (a, l) => l.LabelId).CountAsync(),
            db => db.Annotations.IgnoreQueryFilters().Where(a => a.ProjectId == project && a.IsCurrent && a.Kind == AnnotationKind.Answer).Join(db.AnnotationLabels, a => a.Id, l => l.AnnotationId, (a, l) => l.LabelId).CountAsync());
        await RowAsync(table, services, "a browse page (count and 50 rows)",
            async db => (await new DocumentBrowser(db).BrowseAsync(project, DocumentFilter.All, null, 1, 50, null, CancellationToken.None)).Value!.Total,
            async db => await db.Documents.IgnoreQueryFilters().CountAsync(d => d.ProjectId == project)
                + (await db.Documents.IgnoreQueryFilters().Where(d => d.ProjectId == project).OrderBy(d => d.Id).Take(50).Select(d => d.Text).ToListAsync()).Count);
        return table.ToString();
    }

    private static async Task RowAsync(StringBuilder table, ServiceProvider services, string name, Func<TagloopDbContext, Task<int>> filtered, Func<TagloopDbContext, Task<int>> unfiltered) =>
        table.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {await MedianAsync(services, filtered):0.0} ms | {await MedianAsync(services, unfiltered):0.0} ms |");

    private static async Task<double> MedianAsync(ServiceProvider services, Func<TagloopDbContext, Task<int>> query)
    {
        var times = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            var clock = Stopwatch.StartNew();
            _ = await query(db);
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
