using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Tagloop.Bench;

/// <summary>
/// <c>bench -- explore</c>: the Explore pieces measured (issue 13) — the map's projection on synthetic 384-d rows and the
/// clusters against the gold classes of AG News and TREC — written to docs/benchmarks/explore.md.
/// </summary>
internal static class ExploreBench
{
    public static async Task RunAsync(string datasets, string root, string wordVectors, IReadOnlyList<int> sizes, int seeds)
    {
        var map = ExploreMapBench.Run(sizes, seed: 1);
        var clusters = ExploreClustersBench.Run(datasets, wordVectors, seeds);
        var page = new StringBuilder()
            .AppendLine("# Explore: the corpus map and its groups")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- explore` (numbers from its last run). The library pieces of issue 13 only: the server, its endpoints and the Explore tab do not use them yet.")
            .AppendLine()
            .AppendLine("## The map")
            .AppendLine()
            .AppendLine("`MapProjection.Project` on synthetic rows shaped like sentence embeddings (384-d, unit length, 20 topics of 5 subtopics each, Gaussian noise; seed 1): PCA start, k-nearest-neighbour graph (k = 15, cosine; random-projection trees and NN-descent above 4,000 rows), UMAP-like layout by SGD (200 epochs above 5,000 rows, 5 negative samples per edge). Then `MapProjection.Place` adds 1 % more rows with the old ones fixed. Preservation@10: the share of a sampled row's 10 nearest neighbours in the embedding that are also its 10 nearest on the map (1,000 rows sampled; within a subtopic the noise has no structure to keep, so this figure is low by construction); same subtopic: the share of 1,000 sampled rows whose nearest map neighbour has their subtopic.")
            .AppendLine("Goal (issue 13): a map in seconds for 10k documents and within a minute for 100k on 2 cores.")
            .AppendLine()
            .AppendLine("| rows | projection | load average | preservation@10 | same subtopic | placed (1 %) | placed beside their subtopic |")
            .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var row in map)
        {
            page.AppendLine(row);
        }

        page.AppendLine()
            .AppendLine("## Groups against the gold classes")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"`EmbeddingClustering` (spherical k-means++, best of 3 seedings; k = the number of gold classes, or chosen by the sample silhouette over 2…min(30, √n)) over GloVe-SIF sentence vectors and over TF-IDF (the 5,000 most frequent terms, sublinear tf × idf, unit rows), against plain k-means++ on the same TF-IDF; adjusted Rand index and NMI (arithmetic-mean normalisation) with the gold labels, mean ± sd over seeds 1–{seeds}. AG News: its 7,600 test texts, 4 classes; TREC: train + test questions, 6 coarse classes. Seconds: per seed.")
            .AppendLine()
            .AppendLine("| data | rows | classes | method | k | ARI | NMI | seconds |")
            .AppendLine("|---|---:|---:|---|---:|---:|---:|---:|");
        foreach (var row in clusters)
        {
            page.AppendLine(row);
        }

        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
        var path = Path.Combine(root, "docs", "benchmarks", "explore.md");
        await File.WriteAllTextAsync(path, page.ToString()).ConfigureAwait(false);
        Console.WriteLine($"Wrote {path}");
    }
}
