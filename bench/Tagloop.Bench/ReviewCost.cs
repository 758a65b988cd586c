using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Review;
using Tagloop.Learning.Evaluation;
using Tagloop.Server.Hosting;

namespace Tagloop.Bench;

/// <summary>
/// What the team's figures cost at 100k answers: a synthetic project state (<see cref="AnswerState"/>) written into
/// the storage given, then each computation timed through the classes the endpoints use, each run in a fresh scope
/// (a new DbContext, as a request gets): one warm-up run, then the median of <c>runs</c> with a Stopwatch.
/// </summary>
internal static class ReviewCost
{
    public static async Task<List<string>> MeasureAsync(string storage, StorageChoice choice, IReadOnlyList<string> texts, int annotators, int runs)
    {
        await using var services = new ServiceCollection().AddTagloopStorage(_ => choice).BuildServiceProvider();
        AnswerState state;
        var clock = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            await StorageServices.MigrateAsync(db, CancellationToken.None);
            state = await AnswerState.BuildAsync(db, texts, annotators, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{storage}: {texts.Count:N0} documents, {state.Answers:N0} answers and {state.Skips:N0} skips written in {clock.Elapsed.TotalSeconds:0} s"));
        var projectId = state.ProjectId;
        var rows = new List<string>();
        AgreementReport? agreement = null;
        rows.Add(await RowAsync(storage, "agreement (`GET …/agreement`: `AgreementQuery`)", runs, services, async db =>
            agreement = (await new AgreementQuery(db).ComputeAsync(projectId, CancellationToken.None)).Value));
        IReadOnlyList<AnnotatorFigures>? figures = null;
        rows.Add(await RowAsync(storage, "annotator figures (`GET …/annotators`: `AnnotatorFiguresQuery`, with the out-of-fold model)", runs, services, async db =>
            figures = (await new AnnotatorFiguresQuery(db).ComputeAsync(projectId, state.OutOfFold, CancellationToken.None)).Value));
        IReadOnlyList<SuspectedAnswer> suspects = [];
        rows.Add(await RowAsync(storage, $"likely mislabels (`LikelyMislabels.From`: confident learning over {state.OutOfFold.DocumentIds.Length:N0} documents' out-of-fold probabilities; a new model each run, so nothing cached)", runs, services, db =>
        {
            suspects = LikelyMislabels.From(state.OutOfFold with { });
            return Task.CompletedTask;
        }));
        ReviewPage? page = null;
        rows.Add(await RowAsync(storage, "review queue, first page of 50 (`GET …/review`: `ReviewQueue`, the suspects above given)", runs, services, async db =>
            page = (await new ReviewQueue(db).ListAsync(projectId, null, 1, 50, suspects, CancellationToken.None)).Value));
        rows.Add(await RowAsync(storage, "review queue, suspects only, page 20", runs, services, async db =>
            page = (await new ReviewQueue(db).ListAsync(projectId, "suspect", 20, 50, suspects, CancellationToken.None)).Value));
        if (storage == "SQLite")
        {
            // Storage plays no part in this one: measured once.
            IReadOnlyList<SuspectedLabel> perAnswer = [];
            rows.Add(await RowAsync("–", $"confident learning over every answer (`ConfidentLearning.Find`, {state.Answers:N0} rows)", runs, services, db =>
            {
                perAnswer = ConfidentLearning.Find(state.AnswerProbabilities, state.AnswerLabels, AnswerState.Labels.Length);
                return Task.CompletedTask;
            }));
            Console.WriteLine($"confident learning over every answer: {perAnswer.Count:N0} flagged");
        }

        var caught = suspects.Count(s => state.WrongMajority.Contains(s.DocumentId));
        Summary = string.Create(CultureInfo.InvariantCulture,
            $"{texts.Count:N0} documents, {state.Answers:N0} answers and {state.Skips:N0} skips by {annotators} annotators; Krippendorff's α {agreement?.Alpha?.Value:0.000} [{agreement?.Alpha?.Low:0.000}, {agreement?.Alpha?.High:0.000}], Fleiss' κ {agreement?.FleissKappa?.Value:0.000}, over {agreement?.Documents:N0} shared documents and {agreement?.Pairs.Count} pairs of annotators; {suspects.Count:N0} likely mislabels, {caught:N0} of them documents whose majority answer is wrong ({state.WrongMajority.Count:N0} are); the review queue holds {page?.Counts["disagreement"]:N0} disagreements, {page?.Counts["flagged"]:N0} flagged and {page?.Counts["suspect"]:N0} suspects");
        Console.WriteLine(Summary);
        _ = figures;
        return rows;
    }

    /// <summary>What the last <see cref="MeasureAsync"/> found, in words (the state's figures, to show it is realistic).</summary>
    public static string Summary { get; private set; } = "";

    private static async Task<string> RowAsync(string storage, string what, int runs, IServiceProvider services, Func<TagloopDbContext, Task> work)
    {
        var times = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            // A computation that takes seconds is measured fewer times.
            if (run == 2 && times[0] > 5_000)
            {
                runs = Math.Min(runs, 3);
            }

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            var clock = Stopwatch.StartNew();
            await work(db);
            if (run > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {storage} | **{Format(times[times.Count / 2])}** | {Format(times[0])} – {Format(times[^1])} |");
        Console.WriteLine(row);
        return row;
    }

    private static string Format(double milliseconds) =>
        milliseconds >= 1000
            ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:0.00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.0} ms");
}
