using System.Numerics.Tensors;
using Tagloop.Learning.Explore;

namespace Tagloop.Learning.Tests.Explore;

public sealed class EmbeddingClusteringTests
{
    private const int Dimension = 16;

    /// <summary>Blobs around random unit directions (noise <paramref name="spread"/> per coordinate), rows shuffled.</summary>
    private static (float[] Rows, int[] Truth) Blobs(int blobs, int perBlob, float spread, int seed)
    {
        var random = new Random(seed);
        var centres = new float[blobs * Dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)Gaussian(random);
        }

        var n = blobs * perBlob;
        var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        var rows = new float[n * Dimension];
        var truth = new int[n];
        for (var i = 0; i < n; i++)
        {
            var blob = order[i] % blobs;
            truth[i] = blob;
            var centre = centres.AsSpan(blob * Dimension, Dimension);
            var norm = TensorPrimitives.Norm(centre);
            for (var j = 0; j < Dimension; j++)
            {
                rows[(i * Dimension) + j] = (centre[j] / norm) + (spread * (float)Gaussian(random));
            }
        }

        return (rows, truth);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Well_separated_blobs_are_recovered_with_the_given_k(int blobs)
    {
        var (rows, truth) = Blobs(blobs, 40, 0.05f, seed: blobs);
        var result = EmbeddingClustering.Fit(rows, Dimension, blobs, seed: 1);
        Assert.Equal(blobs, result.K);
        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, result.Assignments) > 0.95);
        Assert.Equal(truth.Length, result.Sizes.Sum());
        Assert.Empty(result.Candidates);
        for (var c = 0; c < blobs; c++)
        {
            Assert.Equal(1.0, TensorPrimitives.Norm(result.Centroids.AsSpan(c * Dimension, Dimension)), 4);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void The_automatic_k_is_the_number_of_blobs(int blobs)
    {
        var (rows, truth) = Blobs(blobs, 40, 0.08f, seed: 10 + blobs);
        var result = EmbeddingClustering.FitAutomatic(rows, Dimension, seed: 3);
        Assert.Equal(blobs, result.K);
        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, result.Assignments) > 0.95);

        // Every candidate from 2 to ⌊√n⌋ was scored, and the chosen one scored best.
        var n = truth.Length;
        Assert.Equal(Enumerable.Range(2, (int)Math.Sqrt(n) - 1), result.Candidates.Select(c => c.K));
        Assert.Equal(result.Candidates.Max(c => c.Silhouette), result.Candidates.Single(c => c.K == blobs).Silhouette);
    }

    [Fact]
    public void Asking_for_more_or_fewer_clusters_gives_that_many()
    {
        var (rows, truth) = Blobs(4, 30, 0.05f, seed: 4);
        foreach (var k in new[] { 1, 2, 6, 9 })
        {
            var result = EmbeddingClustering.Fit(rows, Dimension, k, seed: 2);
            Assert.Equal(k, result.K);
            Assert.Equal(k, result.Sizes.Length);
            Assert.All(result.Sizes, size => Assert.True(size > 0));
            Assert.All(result.Assignments, a => Assert.InRange(a, 0, k - 1));
        }

        // Fewer clusters than blobs merge whole blobs: no blob is split.
        var two = EmbeddingClustering.Fit(rows, Dimension, 2, seed: 2);
        for (var blob = 0; blob < 4; blob++)
        {
            Assert.Single(two.Assignments.Where((_, i) => truth[i] == blob).Distinct());
        }

        var range = EmbeddingClustering.FitAutomatic(rows, Dimension, seed: 2, minK: 5, maxK: 7);
        Assert.Equal([5, 6, 7], range.Candidates.Select(c => c.K));
    }

    [Fact]
    public void The_same_seed_gives_the_same_clusters_and_another_seed_may_differ_only_in_ids()
    {
        var (rows, truth) = Blobs(5, 120, 0.3f, seed: 7);
        var first = EmbeddingClustering.Fit(rows, Dimension, 5, seed: 9);
        var again = EmbeddingClustering.Fit(rows, Dimension, 5, seed: 9);
        Assert.Equal(first.Assignments, again.Assignments);
        Assert.Equal(first.Centroids, again.Centroids);
        Assert.Equal(first.Iterations, again.Iterations);
        Assert.Equal(first.CentralMembers, again.CentralMembers);
        var auto = EmbeddingClustering.FitAutomatic(rows, Dimension, seed: 9);
        var autoAgain = EmbeddingClustering.FitAutomatic(rows, Dimension, seed: 9);
        Assert.Equal(auto.Candidates, autoAgain.Candidates);
        Assert.Equal(auto.Assignments, autoAgain.Assignments);

        // The input is not changed by the scaling to unit length.
        var (fresh, _) = Blobs(5, 120, 0.3f, seed: 7);
        Assert.Equal(fresh, rows);
        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, first.Assignments) > 0.9);
    }

    [Fact]
    public void More_restarts_never_lower_the_cohesion_and_restart_one_is_the_single_run()
    {
        var (rows, _) = Blobs(8, 40, 0.5f, seed: 12);
        for (var seed = 0; seed < 5; seed++)
        {
            var single = EmbeddingClustering.Fit(rows, Dimension, 8, seed, restarts: 1);
            var several = EmbeddingClustering.Fit(rows, Dimension, 8, seed, restarts: 4);
            Assert.True(several.Cohesion >= single.Cohesion);
            Assert.InRange(single.Cohesion, 0.0, 1.0);
        }

        // The mean cosine to the own centroid, recomputed from the result.
        var fit = EmbeddingClustering.Fit(rows, Dimension, 8, seed: 3);
        var mean = Enumerable.Range(0, fit.Assignments.Length).Average(i =>
        {
            var x = rows.AsSpan(i * Dimension, Dimension);
            return TensorPrimitives.Dot(x, fit.Centroids.AsSpan(fit.Assignments[i] * Dimension, Dimension)) / TensorPrimitives.Norm(x);
        });
        Assert.Equal(mean, fit.Cohesion, 4);
        Assert.Equal("restarts", Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingClustering.Fit(rows, Dimension, 2, 0, restarts: 0)).ParamName);
    }

    [Fact]
    public void Central_members_belong_to_their_cluster_most_similar_first()
    {
        var (rows, _) = Blobs(3, 40, 0.1f, seed: 5);
        var result = EmbeddingClustering.Fit(rows, Dimension, 3, seed: 1, centralCount: 4);
        for (var c = 0; c < 3; c++)
        {
            var cluster = c;
            float Cos(int row)
            {
                var x = rows.AsSpan(row * Dimension, Dimension);
                return TensorPrimitives.Dot(x, result.Centroids.AsSpan(cluster * Dimension, Dimension)) / TensorPrimitives.Norm(x);
            }

            var central = result.CentralMembers[c];
            Assert.Equal(4, central.Length);
            Assert.All(central, row => Assert.Equal(c, result.Assignments[row]));
            var similarities = central.Select(Cos).ToArray();
            Assert.Equal(similarities.OrderByDescending(s => s), similarities);
            var members = Enumerable.Range(0, result.Assignments.Length).Where(i => result.Assignments[i] == c);
            Assert.True(members.Except(central).All(i => Cos(i) <= similarities[^1] + 1e-6f));
        }
    }

    [Fact]
    public void The_silhouette_prefers_the_true_partition()
    {
        var (rows, truth) = Blobs(3, 20, 0.05f, seed: 8);
        var shuffled = truth.Select((t, i) => i % 3).ToArray();
        Assert.True(EmbeddingClustering.Silhouette(rows, Dimension, truth) > 0.8);
        Assert.True(EmbeddingClustering.Silhouette(rows, Dimension, shuffled) < 0.1);
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_argument()
    {
        var (rows, _) = Blobs(2, 5, 0.05f, seed: 1);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => EmbeddingClustering.Fit([], Dimension, 1, 0)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => EmbeddingClustering.Fit(new float[Dimension + 1], Dimension, 1, 0)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingClustering.Fit(rows, Dimension, 0, 0)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingClustering.Fit(rows, Dimension, 11, 0)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingClustering.Fit(rows, 0, 1, 0)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentNullException>(() => EmbeddingClustering.Fit(null!, Dimension, 1, 0)).ParamName);
        var nan = (float[])rows.Clone();
        nan[37] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => EmbeddingClustering.Fit(nan, Dimension, 2, 0));
        Assert.Equal("rows", error.ParamName);
        Assert.Contains("Row 2", error.Message, StringComparison.Ordinal);
        nan[37] = float.PositiveInfinity;
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => EmbeddingClustering.FitAutomatic(nan, Dimension, 0)).ParamName);
        Assert.Equal("minK", Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingClustering.FitAutomatic(rows, Dimension, 0, minK: 1)).ParamName);
        Assert.Equal("maxK", Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingClustering.FitAutomatic(rows, Dimension, 0, minK: 4, maxK: 3)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => EmbeddingClustering.FitAutomatic(rows.AsSpan(0, 2 * Dimension).ToArray(), Dimension, 0)).ParamName);
        Assert.Equal("assignments", Assert.Throws<ArgumentException>(() => EmbeddingClustering.Silhouette(rows, Dimension, [0, 1])).ParamName);
    }

    [Fact]
    public void Duplicate_and_zero_rows_still_give_k_non_empty_clusters_when_there_are_k_directions()
    {
        // Three copies of (1, 0), then (0, 1), (−1, 0), (0, −1) and two rows of zeros.
        float[] rows = [1, 0, 1, 0, 1, 0, 0, 1, -1, 0, 0, -1, 0, 0, 0, 0];
        for (var seed = 0; seed < 20; seed++)
        {
            var result = EmbeddingClustering.Fit(rows, 2, 4, seed);
            Assert.Equal(4, result.Sizes.Length);
            Assert.All(result.Sizes, size => Assert.True(size > 0));
            Assert.Single(result.Assignments.Take(3).Distinct());
            Assert.Equal(4, result.Assignments.Take(6).Distinct().Count());
        }
    }

    /// <summary>Sample silhouettes for k = 2…30 measured by <c>bench -- explore-k</c> (docs/benchmarks/explore-k-curves.csv, seed 1).</summary>
    private static ClusterCountScore[] Curve(params double[] silhouettes) => [.. silhouettes.Select((s, i) => new ClusterCountScore(i + 2, s))];

    [Fact]
    public void On_a_flat_text_curve_the_choice_leans_to_a_useful_number_of_groups_instead_of_the_noisy_maximum()
    {
        // AG News test (7,600 texts, 4 classes) with MiniLM: the highest silhouette is at k = 3; the old rule took it.
        var agNews = Curve(0.06515, 0.07462, 0.06924, 0.06220, 0.06105, 0.05780, 0.05571, 0.05822, 0.05994, 0.06035, 0.06322, 0.05452, 0.05320,
            0.05451, 0.05792, 0.06129, 0.06276, 0.05856, 0.05993, 0.05976, 0.05890, 0.06233, 0.06408, 0.06382, 0.06363, 0.06441, 0.06444, 0.06546, 0.06427);
        Assert.Equal(3, agNews.MaxBy(c => c.Silhouette)!.K);
        Assert.Equal(4, EmbeddingClustering.ChooseCount(agNews, 7600));

        // TREC (5,952 questions, 6 classes) with MiniLM: the highest is a spike at k = 28; 16 is as well supported and nearer √(n / 50).
        var trec = Curve(0.05071, 0.05408, 0.04808, 0.04434, 0.04355, 0.04578, 0.04888, 0.04061, 0.04714, 0.04618, 0.04761, 0.04882, 0.04877,
            0.04743, 0.05276, 0.05181, 0.05116, 0.05037, 0.05186, 0.05136, 0.05400, 0.05334, 0.05289, 0.05363, 0.05431, 0.05416, 0.05480, 0.05326, 0.05438);
        Assert.Equal(28, trec.MaxBy(c => c.Silhouette)!.K);
        Assert.Equal(16, EmbeddingClustering.ChooseCount(trec, 5952));

        // The same curve in a corpus of 100,000 leans to more groups.
        Assert.Equal(30, EmbeddingClustering.ChooseCount(trec, 100_000));
    }

    [Fact]
    public void A_clear_silhouette_peak_is_kept_whatever_the_preferred_count()
    {
        // 12 well-separated blobs (explore-k, 384-d): 0.82 at k = 12, 0.75 at 13 — within 10 % but not within 0.01.
        var blobs = Curve(0.14733, 0.21960, 0.29235, 0.35144, 0.41756, 0.48797, 0.55406, 0.62349, 0.69110, 0.75889, 0.82118, 0.75373, 0.68662,
            0.61894, 0.55072, 0.48444, 0.41664, 0.35049, 0.34994, 0.34969, 0.34568, 0.34517, 0.28268, 0.28243, 0.28094, 0.28052, 0.28041, 0.28040, 0.28002);
        foreach (var rows in new[] { 2000, 10_000, 100_000 })
        {
            Assert.Equal(12, EmbeddingClustering.ChooseCount(blobs, rows));
        }

        // No positive silhouette: no structure to lean on, the highest is taken (the smaller k among equals).
        Assert.Equal(3, EmbeddingClustering.ChooseCount(Curve(-0.2, -0.1, -0.1, -0.3), 100_000));

        // Equally near √(n / 50) on the log scale (4 and 9 around 6): the smaller.
        Assert.Equal(6, EmbeddingClustering.PreferredClusterCount(1800));
        Assert.Equal(4, EmbeddingClustering.ChooseCount([new(4, 0.300), new(9, 0.295)], 1800));
    }

    [Fact]
    public void The_preferred_count_grows_with_the_square_root_of_the_corpus_within_4_and_30()
    {
        Assert.Equal(4, EmbeddingClustering.PreferredClusterCount(10));
        Assert.Equal(4, EmbeddingClustering.PreferredClusterCount(1000));
        Assert.Equal(12, EmbeddingClustering.PreferredClusterCount(7600));
        Assert.Equal(14, EmbeddingClustering.PreferredClusterCount(10_000));
        Assert.Equal(30, EmbeddingClustering.PreferredClusterCount(100_000));
        Assert.Equal(30, EmbeddingClustering.PreferredClusterCount(int.MaxValue));
    }

    [Fact]
    public void Twelve_well_separated_blobs_in_384_dimensions_are_found_in_a_corpus_that_prefers_more_groups()
    {
        // 6,000 rows: √(n / 50) ≈ 11; the noise keeps the blobs apart but not tight (cohesion about 0.9).
        const int Dimension384 = 384;
        var random = new Random(21);
        var centres = new float[12][];
        for (var c = 0; c < 12; c++)
        {
            centres[c] = [.. Enumerable.Range(0, Dimension384).Select(_ => (float)Gaussian(random))];
        }

        var n = 6000;
        var rows = new float[n * Dimension384];
        var truth = new int[n];
        for (var i = 0; i < n; i++)
        {
            truth[i] = random.Next(12);
            for (var j = 0; j < Dimension384; j++)
            {
                rows[(i * Dimension384) + j] = centres[truth[i]][j] + (0.45f * (float)Gaussian(random));
            }
        }

        var result = EmbeddingClustering.FitAutomatic(rows, Dimension384, seed: 4, maxK: 16);
        Assert.Equal(12, result.K);
        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, result.Assignments) > 0.99);
    }
}
