using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tagloop.Cli;
using Tagloop.Core.Simulation;

namespace Tagloop.Bench;

/// <summary>
/// Runs the active-learning simulation on the shared real corpora and writes docs/benchmarks/label-efficiency.md
/// with one plot per dataset.
/// </summary>
internal static class LabelEfficiency
{
    private static readonly (string Name, string Folder, string Train, string Test)[] Datasets =
    [
        ("TREC", "trec", "train.jsonl", "test.jsonl"),
        ("SMS spam", "sms_spam", "train.jsonl", "test.jsonl"),
        ("SST-2", "sst2", "train.jsonl", "test.jsonl"),
        ("YouTube spam", "youtube_spam", "train.jsonl", "test.jsonl"),
        ("SpamAssassin", "spamassassin", "train.jsonl", "test.jsonl"),
        ("AG News", "ag_news", "test.jsonl", ""),
    ];

    public static async Task RunAsync(string datasets, string root, int repeats)
    {
        var pages = Path.Combine(root, "docs", "benchmarks");
        Directory.CreateDirectory(pages);
        var strategies = new[] { "bald", "random" };
        var page = new StringBuilder()
            .AppendLine("# Label efficiency")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- label-efficiency` (numbers from its last run).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Each dataset: 10 random seed labels, then batches of 10 chosen by the strategy, up to 500 labels; {repeats} repeats with different seeds; features: hashed word uni+bigram TF-IDF; model: Bayesian softmax regression (diagonal Laplace). Accuracy on the test split; \"full\" is the same model trained on every training label. AG News has only its test split here: a fifth of it (every fifth row) is the test set, the rest the pool.")
            .AppendLine()
            .AppendLine("| dataset | pool | classes | full | bald @100 | random @100 | bald @200 | random @200 | bald @500 | random @500 | bald: labels to 95% of full | random: labels to 95% of full | update ms median (bald) |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, folder, trainFile, testFile) in Datasets)
        {
            var all = Read(Path.Combine(datasets, folder, trainFile));
            var (train, test) = testFile.Length == 0
                ? ([.. all.Where((_, i) => i % 5 != 0)], [.. all.Where((_, i) => i % 5 == 0)])
                : (all, Read(Path.Combine(datasets, folder, testFile)));
            var report = ActiveLearningSimulation.Run(train, test, new SimulationSettings(strategies, 10, 10, 500, repeats));
            var slug = folder.Replace('_', '-');
            SimulationPlot.Save(report, Path.Combine(pages, $"label-efficiency-{slug}.png"), $"{name}: {report.Classes} classes, {report.Train} in the pool");
            await File.WriteAllTextAsync(Path.Combine(pages, $"label-efficiency-{slug}.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            var bald = report.Strategies["bald"];
            var random = report.Strategies["random"];
            page.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {report.Train} | {report.Classes} | {report.FullData.Accuracy:0.000} | {At(bald, 100)} | {At(random, 100)} | {At(bald, 200)} | {At(random, 200)} | {At(bald, 500)} | {At(random, 500)} | {bald.LabelsTo95PercentOfFull?.ToString(CultureInfo.InvariantCulture) ?? "> 500"} | {random.LabelsTo95PercentOfFull?.ToString(CultureInfo.InvariantCulture) ?? "> 500"} | {bald.UpdateMsMedian:0} |");
            Console.WriteLine($"{name}: done");
        }

        page.AppendLine()
            .AppendLine("Plots (mean ± one standard deviation over repeats; dashed: full data):")
            .AppendLine();
        foreach (var (name, folder, _, _) in Datasets)
        {
            page.AppendLine(CultureInfo.InvariantCulture, $"![{name}](label-efficiency-{folder.Replace('_', '-')}.png)");
        }

        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
        await File.WriteAllTextAsync(Path.Combine(pages, "label-efficiency.md"), page.ToString());
    }

    private static string At(StrategyReport strategy, int labels) =>
        strategy.Curve.FirstOrDefault(p => p.Labels == labels) is { } p ? $"{p.Accuracy:0.000} ± {p.AccuracySd:0.000}" : "–";

    private static List<LabelledText> Read(string path) =>
        [.. File.ReadLines(path).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return new LabelledText(row.RootElement.GetProperty("text").GetString()!, row.RootElement.GetProperty("label").GetString()!);
        })];
}
