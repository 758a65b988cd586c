using System.Diagnostics;
using System.Globalization;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Explore;

namespace Tagloop.Bench;

/// <summary>
/// The map and the groups of real texts (issue 13): <see cref="ExploreData.RealCorpus"/> at each size, embedded with
/// GloVe-SIF; the seconds to the map (<see cref="MapProjection.Project"/>) and to the clusters
/// (<see cref="EmbeddingClustering.FitAutomatic"/>), the k-NN graph's recall@10 against brute force on 500 rows and the
/// map's neighbourhood preservation@10 on 1,000; and MiniLM's encoding rate on 2,000 of the texts, with the time it
/// would take to encode the largest size.
/// </summary>
internal static class ExploreRealBench
{
    public static (List<string> Rows, string MiniLm) Run(string datasets, string root, WordVectors vectors, IReadOnlyList<int> sizes, int seed)
    {
        var table = new List<string>();
        var corpus = ExploreData.RealCorpus(datasets, sizes.Max());
        Console.WriteLine($"Real corpus: {corpus.Count:N0} distinct texts");
        foreach (var size in sizes)
        {
            var texts = corpus[..Math.Min(size, corpus.Count)];
            var load = LoadAverage();
            var clock = Stopwatch.StartNew();
            var (rows, dimension) = ExploreData.Sif(vectors, texts);
            var encoding = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var layout = MapProjection.Project(rows, dimension, seed);
            var map = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var clusters = EmbeddingClustering.FitAutomatic(rows, dimension, seed);
            var grouping = clock.Elapsed.TotalSeconds;
            var recall = MapQuality.GraphRecall(rows, dimension, seed, k: 10, sampleSize: 500);
            var preservation = MapQuality.NeighbourhoodPreservation(rows, dimension, layout, k: 10, sampleSize: 1000, seed: seed);
            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {texts.Count:N0} | {encoding:F1} s | **{map:F1} s** | **{grouping:F1} s** ({clusters.K} groups) | **{encoding + map + grouping:F1} s** | {recall:F3} | {preservation:F3} | {load} |");
            Console.WriteLine(row);
            table.Add(row);
        }

        var probe = corpus.Take(2000).ToList();
        ExploreData.Encode(root, probe.Take(50).ToList());
        var watch = Stopwatch.StartNew();
        ExploreData.Encode(root, probe);
        var seconds = watch.Elapsed.TotalSeconds;
        var rate = probe.Count / seconds;
        var miniLm = string.Create(CultureInfo.InvariantCulture,
            $"MiniLM (`minilm`, batches of 8, as the project's encoder) encodes the first {probe.Count:N0} of these texts in {seconds:F1} s: **{rate:F0} texts/s** at load {LoadAverage()}, so {corpus.Count:N0} texts would take about **{corpus.Count / rate / 60:F0} minutes** on this machine before the map could start (the vectors are cached per project, so only once).");
        Console.WriteLine(miniLm);
        return (table, miniLm);
    }

    /// <summary>The 1-minute load average (Linux): the machine may be shared.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
