using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class WordClustersTests
{
    [Fact]
    public void K_means_finds_three_separated_groups_and_their_means()
    {
        // Three tight groups in the plane; the centroids must be the groups' means, whatever the seed.
        float[] points =
        [
            0, 0, 0, 1, 1, 0,          // around (1/3, 1/3)
            10, 10, 10, 11, 11, 10,    // around (31/3, 31/3)
            -10, 10, -11, 10, -10, 11, // around (-31/3, 31/3)
        ];
        foreach (var seed in new[] { 1, 2, 3, 4, 5 })
        {
            var result = KMeans.Fit(points, 2, null, 3, seed, 50);
            var a = result.Assignment;
            Assert.Equal([a[0], a[0], a[0]], a[..3]);
            Assert.Equal([a[3], a[3], a[3]], a[3..6]);
            Assert.Equal([a[6], a[6], a[6]], a[6..]);
            Assert.Equal(3, new[] { a[0], a[3], a[6] }.Distinct().Count());
            Assert.Equal(1 / 3f, result.Centroids[2 * a[0]], 5);
            Assert.Equal(31 / 3f, result.Centroids[(2 * a[3]) + 1], 5);
            Assert.Equal(-31 / 3f, result.Centroids[2 * a[6]], 5);
        }
    }

    [Fact]
    public void K_means_weights_pull_a_centroid_towards_the_heavier_point()
    {
        // One cluster over 0 (weight 3) and 4 (weight 1): the weighted mean is 1.
        var result = KMeans.Fit([0f, 4f], 1, [3f, 1f], 1, seed: 9, maxIterations: 10);
        Assert.Equal(1f, result.Centroids[0], 6);
        Assert.Equal([0, 0], result.Assignment);
    }

    [Fact]
    public void K_means_refuses_more_clusters_than_points()
    {
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Fit([0f, 1f], 1, null, 3, 1, 10)).ParamName);
    }

    [Fact]
    public void Words_along_the_same_direction_share_a_cluster_and_the_levels_nest()
    {
        var (words, vectors) = Directions(perGroup: 25, seed: 11);
        var clusters = WordClusters.Build(words, vectors, 8, [2, 4], seed: 5);
        Assert.Equal([2, 4], clusters.Granularities);
        Assert.Equal(100, clusters.Count);

        // Level 1 (4 clusters): the four directions. Level 0 (2 clusters): axes 0 and 1 together, 2 and 3 together,
        // because groups g and g + 1 of each pair share most of their direction (see Directions).
        for (var g = 0; g < 4; g++)
        {
            var first = clusters.ClusterOf($"g{g}w0", 1);
            for (var i = 1; i < 25; i++)
            {
                Assert.Equal(first, clusters.ClusterOf($"g{g}w{i}", 1));
            }
        }

        Assert.Equal(4, Enumerable.Range(0, 4).Select(g => clusters.ClusterOf($"g{g}w0", 1)).Distinct().Count());
        Assert.Equal(clusters.ClusterOf("g0w3", 0), clusters.ClusterOf("g1w7", 0));
        Assert.Equal(clusters.ClusterOf("g2w3", 0), clusters.ClusterOf("g3w7", 0));
        Assert.NotEqual(clusters.ClusterOf("g0w3", 0), clusters.ClusterOf("g2w3", 0));

        // Looked up in lower case; a word it does not hold has none.
        Assert.Equal(clusters.ClusterOf("g2w5", 1), clusters.ClusterOf("G2W5", 1));
        Assert.Equal(-1, clusters.ClusterOf("unknown", 0));
    }

    [Fact]
    public void The_same_seed_gives_the_same_clusters_and_a_save_load_round_trip_keeps_them()
    {
        var (words, vectors) = Random(200, 6, seed: 12);
        var a = WordClusters.Build(words, vectors, 6, [3, 12], seed: 21);
        var b = WordClusters.Build(words, vectors, 6, [3, 12], seed: 21);
        using var stream = new MemoryStream();
        a.Save(stream);
        stream.Position = 0;
        var loaded = WordClusters.Load(stream);
        Assert.Equal(a.Granularities, loaded.Granularities);
        foreach (var word in words)
        {
            for (var level = 0; level < 2; level++)
            {
                Assert.Equal(a.ClusterOf(word, level), b.ClusterOf(word, level));
                Assert.Equal(a.ClusterOf(word, level), loaded.ClusterOf(word, level));
            }
        }

        // Every finer cluster lies inside one coarser cluster.
        var parents = words.GroupBy(w => a.ClusterOf(w, 1)).Select(g => g.Select(w => a.ClusterOf(w, 0)).Distinct().Count());
        Assert.All(parents, count => Assert.Equal(1, count));
        Assert.Equal(12, words.Select(w => a.ClusterOf(w, 1)).Distinct().Count());
    }

    [Fact]
    public void A_file_that_is_not_clusters_or_is_cut_short_is_refused()
    {
        var (words, vectors) = Random(30, 4, seed: 13);
        using var stream = new MemoryStream();
        WordClusters.Build(words, vectors, 4, [2], seed: 1).Save(stream);
        var bytes = stream.ToArray();
        Assert.Contains("cut short", Assert.Throws<InvalidDataException>(() => WordClusters.Load(new MemoryStream(bytes[..(bytes.Length - 3)]))).Message, StringComparison.Ordinal);
        Assert.Contains("not a Tagloop", Assert.Throws<InvalidDataException>(() => WordClusters.Load(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_granularities_are_refused_naming_them()
    {
        var (words, vectors) = Random(10, 2, seed: 14);
        Assert.Equal("granularities", Assert.Throws<ArgumentOutOfRangeException>(() => WordClusters.Build(words, vectors, 2, [1], 1)).ParamName);
        Assert.Equal("granularities", Assert.Throws<ArgumentOutOfRangeException>(() => WordClusters.Build(words, vectors, 2, [11], 1)).ParamName);
        Assert.Equal("granularities", Assert.Throws<ArgumentException>(() => WordClusters.Build(words, vectors, 2, [4, 4], 1)).ParamName);
    }

    /// <summary>
    /// Four groups of words in 8 dimensions: group g points along axis g plus a shared axis per pair (4 for groups 0
    /// and 1, 5 for groups 2 and 3), with small seeded noise.
    /// </summary>
    internal static (string[] Words, float[] Vectors) Directions(int perGroup, int seed)
    {
        var random = new Random(seed);
        var words = new string[4 * perGroup];
        var vectors = new float[words.Length * 8];
        for (var g = 0; g < 4; g++)
        {
            for (var i = 0; i < perGroup; i++)
            {
                var w = (g * perGroup) + i;
                words[w] = $"g{g}w{i}";
                var row = vectors.AsSpan(w * 8, 8);
                for (var j = 0; j < 8; j++)
                {
                    row[j] = (float)(random.NextDouble() - 0.5) * 0.05f;
                }

                row[g] += 1;
                row[4 + (g / 2)] += 2;
            }
        }

        return (words, vectors);
    }

    private static (string[] Words, float[] Vectors) Random(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count * dimension];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = (float)(random.NextDouble() - 0.5);
        }

        return ([.. Enumerable.Range(0, count).Select(i => $"w{i}")], vectors);
    }
}
