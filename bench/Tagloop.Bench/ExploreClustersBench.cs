using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
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

    /// <summary>Prints the figures and returns them as rows of the page's table (docs/benchmarks/explore.md).</summary>
    public static List<string> Run(string datasets, string wordVectors, int seeds)
    {
        var table = new List<string>();
        using var vectors = WordVectors.Open(wordVectors);
        Console.WriteLine($"| data | rows | classes | method | k | ARI | NMI | seconds |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|");
        foreach (var (name, files) in new[] { ("ag_news", new[] { "test.jsonl" }), ("trec", new[] { "train.jsonl", "test.jsonl" }) })
        {
            var (texts, gold) = Load(datasets, name, files);
            var classes = gold.Distinct().Count();
            var sif = SifEncoder.Fit(vectors, texts);
            var sifRows = new float[texts.Count * sif.Dimension];
            sif.Encode(texts, sifRows);
            var tfidf = TfIdf(texts);
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

            Report("spherical k-means, GloVe-SIF", seed => Fit(EmbeddingClustering.Fit(sifRows, sif.Dimension, classes, seed)));
            Report("spherical k-means, GloVe-SIF, auto k", seed => Fit(EmbeddingClustering.FitAutomatic(sifRows, sif.Dimension, seed)));
            Report("spherical k-means, TF-IDF", seed => Fit(EmbeddingClustering.Fit(tfidf, Vocabulary, classes, seed)));
            Report("k-means, TF-IDF (baseline, 1 seeding)", seed => (classes, PlainKMeans(tfidf, Vocabulary, classes, seed, 100).Assignment));
            Report("k-means, TF-IDF (baseline, best of 3 by inertia)", seed => (classes, Enumerable.Range(0, 3)
                .Select(r => PlainKMeans(tfidf, Vocabulary, classes, unchecked(seed + (r * 1_000_003)), 100))
                .MinBy(fit => fit.Inertia).Assignment));
        }

        return table;
    }

    private static (int K, int[] Assignments) Fit(EmbeddingClusters clusters) => (clusters.K, clusters.Assignments);

    private static double Sd(List<double> values)
    {
        var mean = values.Average();
        return values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    private static (List<string> Texts, int[] Gold) Load(string datasets, string name, string[] files)
    {
        var texts = new List<string>();
        var labels = new List<string>();
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(Path.Combine(datasets, name, file)))
            {
                using var row = JsonDocument.Parse(line);
                texts.Add(row.RootElement.GetProperty("text").GetString()!);
                labels.Add(row.RootElement.GetProperty("label").GetString()!);
            }
        }

        var ids = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        return (texts, [.. labels.Select(l => ids[l])]);
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
