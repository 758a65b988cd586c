using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tagloop.Cli;
using Tagloop.Core.Simulation;
using Tagloop.Learning.Acquisition;

namespace Tagloop.Bench;

/// <summary>
/// Runs the active-learning simulation with every strategy on the shared real corpora and writes
/// docs/benchmarks/label-efficiency.md with one plot and one JSON report per dataset, and names the winner: the
/// strategy with the best mean accuracy over the datasets at 100, 200 and 500 labels.
/// </summary>
internal static class LabelEfficiency
{
    private static readonly int[] Checkpoints = [100, 200, 500];

    private static readonly (string Name, string Folder, string Train, string Test)[] Datasets =
    [
        ("TREC", "trec", "train.jsonl", "test.jsonl"),
        ("SMS spam", "sms_spam", "train.jsonl", "test.jsonl"),
        ("SST-2", "sst2", "train.jsonl", "test.jsonl"),
        ("YouTube spam", "youtube_spam", "train.jsonl", "test.jsonl"),
        ("SpamAssassin", "spamassassin", "train.jsonl", "test.jsonl"),
        ("AG News", "ag_news", "test.jsonl", ""),
    ];

    public static async Task RunAsync(string datasets, string root, int repeats, IReadOnlyList<string>? only = null)
    {
        var pages = Path.Combine(root, "docs", "benchmarks");
        Directory.CreateDirectory(pages);
        var strategies = AcquisitionCatalog.Names;
        var reports = new List<(string Name, string Slug, SimulationReport Report)>();
        foreach (var (name, folder, trainFile, testFile) in Datasets)
        {
            var slug = folder.Replace('_', '-');
            var jsonPath = Path.Combine(pages, $"label-efficiency-{slug}.json");
            if (only is not null && !only.Contains(folder))
            {
                // Keep the last measured report of datasets not asked for, so the page stays whole.
                if (File.Exists(jsonPath))
                {
                    reports.Add((name, slug, JsonSerializer.Deserialize<SimulationReport>(await File.ReadAllTextAsync(jsonPath))!));
                }

                continue;
            }

            var all = Read(Path.Combine(datasets, folder, trainFile));
            var (train, test) = testFile.Length == 0
                ? ([.. all.Where((_, i) => i % 5 != 0)], [.. all.Where((_, i) => i % 5 == 0)])
                : (all, Read(Path.Combine(datasets, folder, testFile)));
            var report = ActiveLearningSimulation.Run(train, test, new SimulationSettings(strategies, 10, 10, 500, repeats));
            SimulationPlot.Save(report, Path.Combine(pages, $"label-efficiency-{slug}.png"), $"{name}: {report.Classes} classes, {report.Train} in the pool");
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            reports.Add((name, slug, report));
            Console.WriteLine($"{name}: done");
        }

        await File.WriteAllTextAsync(Path.Combine(pages, "label-efficiency.md"), Page(reports, strategies, repeats));
    }

    private static string Page(List<(string Name, string Slug, SimulationReport Report)> reports, IReadOnlyList<string> strategies, int repeats)
    {
        var winner = strategies.Where(s => s != "random")
            .MaxBy(s => reports.Average(r => Checkpoints.Average(c => At(r.Report.Strategies[s], c)?.Accuracy ?? 0)))!;
        var page = new StringBuilder()
            .AppendLine("# Label efficiency")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- label-efficiency` (numbers from its last run).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Each dataset: 10 random seed labels, then batches of 10 chosen by the strategy (with the cold-start rule and near-duplicate-free batches), up to 500 labels; {repeats} repeats with different seeds; features: hashed word uni+bigram TF-IDF without single-document features; model: Bayesian softmax regression (diagonal Laplace, probit predictive), recalibrated on cross-validation folds whenever the labels have grown by a fifth. Accuracy on the test split; \"full\" is the same model trained on every training label. AG News has only its test split here: a fifth of it (every fifth row) is the test set, the rest the pool.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Winner: `{winner}`** — the best mean accuracy over the six datasets at 100, 200 and 500 labels; new projects use it (`AcquisitionCatalog.Default`).")
            .AppendLine()
            .AppendLine("## Mean accuracy over the datasets")
            .AppendLine()
            .AppendLine("| strategy | @100 | @200 | @500 | mean | datasets where below random at 100 / 200 / 500 |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var s in strategies)
        {
            var at = Checkpoints.Select(c => reports.Average(r => At(r.Report.Strategies[s], c)?.Accuracy ?? 0)).ToList();
            var below = Checkpoints.Select(c => reports.Count(r => (At(r.Report.Strategies[s], c)?.Accuracy ?? 0) < (At(r.Report.Strategies["random"], c)?.Accuracy ?? 0))).ToList();
            page.AppendLine(CultureInfo.InvariantCulture, $"| {s} | {at[0]:0.000} | {at[1]:0.000} | {at[2]:0.000} | {at.Average():0.000} | {(s == "random" ? "–" : string.Join(" / ", below))} |");
        }

        page.AppendLine()
            .AppendLine("## Labels needed to reach 95% of full-data accuracy")
            .AppendLine()
            .AppendLine("\"> 500\" means not within the budget; the saving is random's count divided by the strategy's (a lower bound when random does not get there).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"| dataset | full | {string.Join(" | ", strategies)} | saving of {winner} |")
            .AppendLine(CultureInfo.InvariantCulture, $"|---|---|{string.Concat(strategies.Select(_ => "---|"))}---|");
        var savings = new List<double>();
        foreach (var (name, _, report) in reports)
        {
            var random = report.Strategies["random"].LabelsTo95PercentOfFull;
            var best = report.Strategies[winner].LabelsTo95PercentOfFull;
            var saving = best is null ? "–" : random is null ? $"≥ {500.0 / best.Value:0.0}×" : $"{(double)random.Value / best.Value:0.0}×";
            if (best is not null)
            {
                savings.Add((random ?? 500.0) / best.Value);
            }

            page.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {report.FullData.Accuracy:0.000} | {string.Join(" | ", strategies.Select(s => report.Strategies[s].LabelsTo95PercentOfFull?.ToString(CultureInfo.InvariantCulture) ?? "> 500"))} | {saving} |");
        }

        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Mean saving of {winner} over the {savings.Count} datasets where it reaches 95% within the budget: {(savings.Count == 0 ? "–" : $"{savings.Average():0.0}×")} (a lower bound where random does not reach it).")
            .AppendLine()
            .AppendLine("## Per dataset (accuracy, mean ± sd over repeats)")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"| dataset | labels | {string.Join(" | ", strategies)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"|---|---|{string.Concat(strategies.Select(_ => "---|"))}");
        foreach (var (name, _, report) in reports)
        {
            foreach (var c in Checkpoints)
            {
                page.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {c} | {string.Join(" | ", strategies.Select(s => At(report.Strategies[s], c) is { } p ? $"{p.Accuracy:0.000} ± {p.AccuracySd:0.000}" : "–"))} |");
            }
        }

        page.AppendLine()
            .AppendLine("## Time per update")
            .AppendLine()
            .AppendLine("From a new batch of labels to a refitted model and a re-ranked pool, median / p95 in ms (the simulation's pools are small; see latency.md for large ones).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"| dataset | {string.Join(" | ", strategies)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"|---|{string.Concat(strategies.Select(_ => "---|"))}");
        foreach (var (name, _, report) in reports)
        {
            page.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", strategies.Select(s => $"{report.Strategies[s].UpdateMsMedian:0} / {report.Strategies[s].UpdateMsP95:0}"))} |");
        }

        page.AppendLine()
            .AppendLine("Plots (mean ± one standard deviation over repeats; dashed: full data):")
            .AppendLine();
        foreach (var (name, slug, _) in reports)
        {
            page.AppendLine(CultureInfo.InvariantCulture, $"![{name}](label-efficiency-{slug}.png)");
        }

        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
        return page.ToString();
    }

    private static CurvePoint? At(StrategyReport strategy, int labels) => strategy.Curve.FirstOrDefault(p => p.Labels == labels);

    private static List<LabelledText> Read(string path) =>
        [.. File.ReadLines(path).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return new LabelledText(row.RootElement.GetProperty("text").GetString()!, row.RootElement.GetProperty("label").GetString()!);
        })];
}
