using System.Diagnostics;
using System.Globalization;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Explore;
using Tagloop.Learning.Text;

namespace Tagloop.Bench;

/// <summary>
/// How well the Explore tab's clusters recover gold classes (issue 13): on AG News (test, 4 topics) and TREC (train +
/// test, 6 coarse classes), the adjusted Rand index and NMI of spherical k-means over GloVe-SIF vectors, with k = the
/// number of classes and with k chosen by silhouette, against plain (Euclidean) k-means++ over TF-IDF. Prints only.
/// </summary>
internal static class ExploreClustersBench
{
    private const int Vocabulary = 5000;

    /// <summary>
    /// Prints the figures and returns them as rows of the page's two tables (docs/benchmarks/explore.md): the groups
    /// against the gold classes, and the automatic k against the old silhouette maximum.
    /// </summary>
    public static (List<string> Gold, List<string> Automatic) Run(string datasets, string root, WordVectors vectors, int seeds)
    {
        var table = new List<string>();
        Console.WriteLine($"| data | rows | classes | method | k | ARI | NMI | seconds |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|");
        var sets = new[] { ("ag_news", new[] { "test.jsonl" }), ("trec", new[] { "train.jsonl", "test.jsonl" }), ("sms_spam", new[] { "all.jsonl" }), ("youtube_spam", new[] { "all.jsonl" }) };
        var embedded = new List<(string Name, string Embedding, float[] Rows, int Dimension, int[] Gold)>();
        foreach (var (name, files) in sets)
        {
            var (texts, gold) = ExploreData.Labelled(datasets, name, files);
            var classes = gold.Distinct().Count();
            var (sifRows, sifDimension) = ExploreData.Sif(vectors, texts);
            var (miniRows, encoding) = ExploreData.MiniLm(root, name, texts);
            Console.WriteLine(encoding > 0 ? $"{name}: MiniLM encoded in {encoding:F1} s (cached now)" : $"{name}: MiniLM vectors from the cache");
            embedded.Add((name, "MiniLM", miniRows, 384, gold));
            embedded.Add((name, "GloVe-SIF", sifRows, sifDimension, gold));
            if (name is not ("ag_news" or "trec"))
            {
                continue;
            }

            void Report(string method, Func<int, (int K, int[] Assignments)> fit)
            {
                var ari = new List<double>();
                var nmi = new List<double>();
                var ks = new List<int>();
                var clock = Stopwatch.StartNew();
                for (var seed = 1; seed <= seeds; seed++)
                {
                    var (k, assignments) = fit(seed);
                    ks.Add(k);
                    ari.Add(ClusterAgreement.AdjustedRandIndex(gold, assignments));
                    nmi.Add(ClusterAgreement.NormalizedMutualInformation(gold, assignments));
                }

                var row = string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {texts.Count:N0} | {classes} | {method} | {string.Join("/", ks)} | {ari.Average():0.000} ± {Sd(ari):0.000} | {nmi.Average():0.000} ± {Sd(nmi):0.000} | {clock.Elapsed.TotalSeconds / seeds:0.0} |");
                Console.WriteLine(row);
                table.Add(row);
            }

            var tfidf = TfIdf(texts);
            Report("spherical k-means, MiniLM", seed => Fit(EmbeddingClustering.Fit(miniRows, 384, classes, seed)));
            Report("spherical k-means, MiniLM, auto k", seed => Fit(EmbeddingClustering.FitAutomatic(miniRows, 384, seed)));
            Report("spherical k-means, GloVe-SIF", seed => Fit(EmbeddingClustering.Fit(sifRows, sifDimension, classes, seed)));
            Report("spherical k-means, GloVe-SIF, auto k", seed => Fit(EmbeddingClustering.FitAutomatic(sifRows, sifDimension, seed)));
            Report("spherical k-means, TF-IDF", seed => Fit(EmbeddingClustering.Fit(tfidf, Vocabulary, classes, seed)));
            Report("k-means, TF-IDF (baseline, 1 seeding)", seed => (classes, PlainKMeans(tfidf, Vocabulary, classes, seed, 100).Assignment));
            Report("k-means, TF-IDF (baseline, best of 3 by inertia)", seed => (classes, Enumerable.Range(0, 3)
                .Select(r => PlainKMeans(tfidf, Vocabulary, classes, unchecked(seed + (r * 1_000_003)), 100))
                .MinBy(fit => fit.Inertia).Assignment));
        }

        foreach (var (name, groups, sub, spread) in Synthetic)
        {
            var (rows, gold) = ExploreKStudy.Blobs(2000, groups, sub, spread, seed: 1);
            embedded.Add((name, "synthetic 384-d", rows, 384, gold));
        }

        return (table, Automatic(embedded, seeds));
    }

    /// <summary>The synthetic sets of the automatic-k table: (name, groups, subgroups per group, subgroup spread).</summary>
    private static readonly (string Name, int Groups, int Sub, float Spread)[] Synthetic =
    [
        ("8 blobs", 8, 1, 0f), ("12 blobs", 12, 1, 0f), ("20 blobs", 20, 1, 0f), ("4 × 2 nested", 4, 2, 0.6f), ("5 × 4 nested", 5, 4, 0.6f),
    ];

    /// <summary>Per set: the k chosen by FitAutomatic and the k the old rule (highest sample silhouette) would have chosen, with ARI and NMI of each fit on all rows.</summary>
    private static List<string> Automatic(List<(string Name, string Embedding, float[] Rows, int Dimension, int[] Gold)> sets, int seeds)
    {
        var table = new List<string>();
        foreach (var (name, embedding, rows, dimension, gold) in sets)
        {
            var n = gold.Length;
            var classes = gold.Distinct().Count();
            var newK = new List<int>();
            var oldK = new List<int>();
            var newAri = new List<double>();
            var newNmi = new List<double>();
            var oldAri = new List<double>();
            var oldNmi = new List<double>();
            var clock = Stopwatch.StartNew();
            for (var seed = 1; seed <= seeds; seed++)
            {
                var chosen = EmbeddingClustering.FitAutomatic(rows, dimension, seed);
                newK.Add(chosen.K);
                newAri.Add(ClusterAgreement.AdjustedRandIndex(gold, chosen.Assignments));
                newNmi.Add(ClusterAgreement.NormalizedMutualInformation(gold, chosen.Assignments));
                var best = chosen.Candidates.MaxBy(c => c.Silhouette)!.K;
                var old = best == chosen.K ? chosen : EmbeddingClustering.Fit(rows, dimension, best, seed);
                oldK.Add(best);
                oldAri.Add(ClusterAgreement.AdjustedRandIndex(gold, old.Assignments));
                oldNmi.Add(ClusterAgreement.NormalizedMutualInformation(gold, old.Assignments));
            }

            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {embedding} | {n:N0} | {classes} | {string.Join("/", oldK)} | {oldAri.Average():0.000} | {oldNmi.Average():0.000} | **{string.Join("/", newK)}** | {newAri.Average():0.000} | {newNmi.Average():0.000} | {clock.Elapsed.TotalSeconds / seeds:0.0} |");
            Console.WriteLine(row);
            table.Add(row);
        }

        return table;
    }

    private static (int K, int[] Assignments) Fit(EmbeddingClusters clusters) => (clusters.K, clusters.Assignments);

    private static double Sd(List<double> values)
    {
        var mean = values.Average();
        return values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Dense TF-IDF over the most frequent terms by document frequency: (1 + ln tf) · ln(n / df), rows L2-normalised.</summary>
    private static float[] TfIdf(List<string> texts)
    {
        var tokens = texts.Select(WordTokenizer.Tokenize).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in tokens)
        {
            foreach (var term in document.Distinct(StringComparer.Ordinal))
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }

        var vocabulary = df.Where(p => p.Value >= 2).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(Vocabulary)
            .Select((p, i) => (p.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        var rows = new float[texts.Count * Vocabulary];
        for (var i = 0; i < tokens.Count; i++)
        {
            var row = rows.AsSpan(i * Vocabulary, Vocabulary);
            foreach (var group in tokens[i].Where(vocabulary.ContainsKey).GroupBy(t => t, StringComparer.Ordinal))
            {
                row[vocabulary[group.Key]] = (float)((1 + Math.Log(group.Count())) * Math.Log((double)texts.Count / df[group.Key]));
            }

            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
            }
        }

        return rows;
    }

    /// <summary>The baseline: Lloyd's k-means on squared Euclidean distance, k-means++ seeding, unnormalised mean centroids.</summary>
    private static (int[] Assignment, double Inertia) PlainKMeans(float[] rows, int dimension, int k, int seed, int maxIterations)
    {
        var n = rows.Length / dimension;
        var random = new Random(seed);
        var centroids = new float[k * dimension];
        var nearest = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var chosen = random.Next(n);
        for (var c = 0; c < k; c++)
        {
            rows.AsSpan(chosen * dimension, dimension).CopyTo(centroids.AsSpan(c * dimension, dimension));
            for (var i = 0; i < n; i++)
            {
                var d = (double)System.Numerics.Tensors.TensorPrimitives.Distance(rows.AsSpan(i * dimension, dimension), centroids.AsSpan(c * dimension, dimension));
                nearest[i] = Math.Min(nearest[i], d * d);
            }

            var target = random.NextDouble() * nearest.Sum();
            var sum = 0.0;
            chosen = n - 1;
            for (var i = 0; i < n; i++)
            {
                sum += nearest[i];
                if (sum > target)
                {
                    chosen = i;
                    break;
                }
            }
        }

        var assignment = new int[n];
        Array.Fill(assignment, -1);
        var squared = new double[n];
        for (var iteration = 0; iteration <= maxIterations; iteration++)
        {
            var moved = 0;
            Parallel.For(0, n, () => 0, (i, _, local) =>
            {
                var best = 0;
                var bestDistance = float.PositiveInfinity;
                for (var c = 0; c < k; c++)
                {
                    var d = System.Numerics.Tensors.TensorPrimitives.Distance(rows.AsSpan(i * dimension, dimension), centroids.AsSpan(c * dimension, dimension));
                    if (d < bestDistance)
                    {
                        bestDistance = d;
                        best = c;
                    }
                }

                squared[i] = (double)bestDistance * bestDistance;
                if (assignment[i] == best)
                {
                    return local;
                }

                assignment[i] = best;
                return local + 1;
            }, local => Interlocked.Add(ref moved, local));
            if (moved == 0)
            {
                break;
            }

            var sums = new double[k * dimension];
            var counts = new int[k];
            for (var i = 0; i < n; i++)
            {
                counts[assignment[i]]++;
                var row = rows.AsSpan(i * dimension, dimension);
                var target = sums.AsSpan(assignment[i] * dimension, dimension);
                for (var j = 0; j < dimension; j++)
                {
                    target[j] += row[j];
                }
            }

            for (var c = 0; c < k; c++)
            {
                if (counts[c] == 0)
                {
                    continue;
                }

                for (var j = 0; j < dimension; j++)
                {
                    centroids[(c * dimension) + j] = (float)(sums[(c * dimension) + j] / counts[c]);
                }
            }
        }

        return (assignment, squared.Sum());
    }
}
