using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tagloop.Learning.Encoders;

namespace Tagloop.Bench;

/// <summary>
/// <c>bench -- explore</c>: the Explore pieces measured (issue 13) — the map's projection on synthetic 384-d rows and the
/// clusters against the gold classes of AG News and TREC — written to docs/benchmarks/explore.md.
/// </summary>
internal static class ExploreBench
{
    public static async Task RunAsync(string datasets, string root, string wordVectors, IReadOnlyList<int> sizes, int seeds)
    {
        var startLoad = ExploreRealBench.LoadAverage();
        using var vectors = WordVectors.Open(wordVectors);
        var real = ExploreRealBench.Run(datasets, root, vectors, sizes, seed: 1);
        var map = ExploreMapBench.Run(sizes, seed: 1);
        var (gold, automatic) = ExploreClustersBench.Run(datasets, root, vectors, seeds);
        var page = new StringBuilder()
            .AppendLine("# Explore: the corpus map and its groups")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- explore [--sizes 10000,100000] [--repeats 3] [--word-vectors PATH]` (numbers from its last run; MiniLM vectors of the labelled sets are cached under tagloop-data/bench-cache/explore, so a second run does not encode again). These are the library pieces the server's Explore endpoints run (ExploreMaps: the map, the automatic groups, new documents placed); the server reads the vectors from its embeddings file first, which these timings leave out.")
            .AppendLine()
            .AppendLine("## Map and groups of real texts")
            .AppendLine()
            .AppendLine("Real texts, each distinct text once: AG News (test), SST-2 (train, dev, test), Rotten Tomatoes, TREC (train, test), SMS spam, YouTube spam and CoNLL-2003 sentences (68k together), then the paragraphs of 5 words or more of the SpamAssassin mails (95k in all), then single lines of 5 words or more from those mails up to 100k; shuffled with seed 1, the first n of them. Embedded with GloVe-SIF (100-d, fitted on the n texts). Map: `MapProjection.Project` (k = 15 neighbours, cosine; random-projection trees and NN-descent above 4,000 rows; 200 layout epochs). Groups: `EmbeddingClustering.FitAutomatic` (k chosen on a 2,000-row sample, then fitted on all rows with 3 seedings). Graph recall@10: the share of a row's 10 nearest rows (exhaustive search) that are among its 10 nearest in the map's k-NN graph, 500 sampled rows. Preservation@10: the share of a row's 10 nearest in the embedding that are its 10 nearest on the map, 1,000 sampled rows. One run each, seed 1; load average: the machine's 1-minute load when the size started.")
            .AppendLine("Goal (issue 13): a map in seconds for 10k documents and within a minute for 100k on 2 cores.")
            .AppendLine()
            .AppendLine("| texts | GloVe-SIF encoding | map | groups | total | graph recall@10 | preservation@10 | load average |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in real.Rows)
        {
            page.AppendLine(row);
        }

        page.AppendLine()
            .AppendLine(real.MiniLm)
            .AppendLine()
            .AppendLine("## The map on synthetic rows")
            .AppendLine()
            .AppendLine("`MapProjection.Project` on synthetic rows shaped like sentence embeddings (384-d, unit length, 20 topics of 5 subtopics each, Gaussian noise; seed 1), then `MapProjection.Place` adds 1 % more rows with the old ones fixed. Preservation@10 as above (within a subtopic the noise has no structure to keep, so this figure is low by construction); same subtopic: the share of 1,000 sampled rows whose nearest map neighbour has their subtopic.")
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
            .AppendLine(CultureInfo.InvariantCulture, $"`EmbeddingClustering` (spherical k-means++, best of 3 seedings; k = the number of gold classes, or chosen automatically as below) over MiniLM (all-MiniLM-L6-v2, 384-d) and GloVe-SIF sentence vectors and over TF-IDF (the 5,000 most frequent terms, sublinear tf × idf, unit rows), against plain k-means++ on the same TF-IDF; adjusted Rand index and NMI (arithmetic-mean normalisation) with the gold labels, mean ± sd over seeds 1–{seeds}. AG News: its 7,600 test texts, 4 classes; TREC: train + test questions, 6 coarse classes. Seconds: per seed, vectors given.")
            .AppendLine()
            .AppendLine("| data | rows | classes | method | k | ARI | NMI | seconds |")
            .AppendLine("|---|---:|---:|---|---:|---:|---:|---:|");
        foreach (var row in gold)
        {
            page.AppendLine(row);
        }

        page.AppendLine()
            .AppendLine("## The automatic k")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{AutomaticText} Old rule: the k of highest sample silhouette (what `FitAutomatic` did before). ARI and NMI of the fit on all rows with the gold labels (or the generating blobs), mean over seeds 1–{seeds}; k per seed. Synthetic: 2,000 rows in 384-d around Gaussian centres (noise 0.45 per coordinate); nested: each group's subgroup centres spread 0.6 around the group's. Seconds: `FitAutomatic` per seed.")
            .AppendLine()
            .AppendLine("| data | embedding | rows | classes | old k | old ARI | old NMI | new k | new ARI | new NMI | seconds |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in automatic)
        {
            page.AppendLine(row);
        }

        var endLoad = ExploreRealBench.LoadAverage();
        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {startLoad} at the start and {endLoad} at the end, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC.");
        if (new[] { startLoad, endLoad }.Any(l => double.TryParse(l, CultureInfo.InvariantCulture, out var load) && load > Environment.ProcessorCount))
        {
            page.AppendLine()
                .AppendLine("**The machine was shared during this run** (load above its cores: other builds and tests ran beside it), so every time on this page is inflated — the bench got well under the 2 cores — and is an upper bound; ARI, NMI, recall and preservation do not depend on the load. Run it alone for the real times.");
        }

        var path = Path.Combine(root, "docs", "benchmarks", "explore.md");
        await File.WriteAllTextAsync(path, page.ToString()).ConfigureAwait(false);
        Console.WriteLine($"Wrote {path}");
    }

    /// <summary>How the automatic k is chosen, for the page.</summary>
    private const string AutomaticText =
        "`FitAutomatic` scores every k in 2…min(30, √n) by the mean silhouette (cosine) of a spherical k-means on a seeded 2,000-row sample. New rule: every k whose silhouette is less than min(10 % of the best, 0.01) below the best counts as equally supported, and of those the one nearest (log scale) to √(n / 50) within [4, 30] is fitted on all rows. Why: on text embeddings the silhouette curve is nearly flat over 2…30 and its maximum is either k = 2–3 or a noise spike near 30 (AG News with MiniLM, seed 1: 0.075 at k = 3, 0.069 at the 4 classes, 0.065 at 29; TREC with MiniLM: the maximum at 28; every curve is in docs/benchmarks/explore-k-curves.csv, from `bench -- explore-k`), while well-separated groups lose far more than 0.01 when one is split or merged (12 blobs: 0.82 at k = 12, 0.75 at 13), so their own peak is kept.";
}
