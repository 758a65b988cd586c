using System.Numerics.Tensors;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Acquisition;

public sealed class DiversityTests
{
    [Fact]
    public void K_center_picks_the_rows_farthest_from_the_labels_and_from_each_other()
    {
        // Corpus rows 0-1 labelled near (1,0); pool: near duplicates of the label, and two far corners.
        var vectors = Unit([1, 0], [0.99f, 0.1f], [0.98f, 0.2f], [0.99f, 0.12f], [0, 1], [-1, 0], [0.01f, 0.99f]);
        var geometry = new PoolGeometry(2, vectors, pool: [2, 3, 4, 5, 6], labelled: [0, 1]);
        var input = Flat(5, 2) with { Geometry = geometry };
        var batch = new KCenterStrategy().SelectBatch(input, 2, seed: 1);
        Assert.Equal([3, 2], batch); // (-1,0) is farthest; then (0,1), not its twin (0.01,0.99)
    }

    [Fact]
    public void Diverse_batches_skip_near_duplicates_of_earlier_picks()
    {
        // Five copies of one text score highest; a batch of three takes one copy and the next two distinct rows.
        var vectors = Unit([1, 0], [1, 0], [1, 0], [1, 0], [1, 0], [0, 1], [-1, 0], [0, -1]);
        var geometry = new PoolGeometry(2, vectors, [.. Enumerable.Range(0, 8)], []);
        float[] uncertain = [0.5f, 0.5f];
        float[] sure = [0.9f, 0.1f];
        float[] middling = [0.7f, 0.3f];
        var probabilities = new[] { uncertain, uncertain, uncertain, uncertain, uncertain, middling, middling, sure }.SelectMany(p => p).ToArray();
        var input = new AcquisitionInput(8, 2, new float[16], new float[16], probabilities) { Geometry = geometry, LabelCounts = [5, 5] };
        var order = QueueRanker.Rank(new UncertaintyStrategy(UncertaintyMeasure.Margin), input, new RankingOptions(3), seed: 1);
        Assert.Equal(8, order.Distinct().Count());
        Assert.Contains(order[0], new[] { 0, 1, 2, 3, 4 });
        Assert.Equal(new[] { 5, 6 }, order[1..3].Order());

        // Without embeddings, the batch is simply the top of the ranking.
        var plain = QueueRanker.Rank(new UncertaintyStrategy(UncertaintyMeasure.Margin), input with { Geometry = null }, new RankingOptions(3), seed: 1);
        Assert.All(plain[..3], i => Assert.InRange(i, 0, 4));
    }

    [Fact]
    public void The_cold_start_rule_seeks_the_label_with_too_few_examples_and_spreads_the_rest()
    {
        // Class 1 has one label (class 0 enough); row 6 is the one the model finds most likely to be class 1.
        var vectors = Unit([1, 0], [0.9f, 0.1f], [0.8f, 0.2f], [0.7f, 0.3f], [0, 1], [-1, 0], [0.1f, 0.9f], [0.95f, 0.05f]);
        var geometry = new PoolGeometry(2, vectors, [1, 2, 3, 4, 5, 6], [0, 7]);
        var probabilities = new[] { 0.9f, 0.1f, 0.9f, 0.1f, 0.8f, 0.2f, 0.6f, 0.4f, 0.7f, 0.3f, 0.3f, 0.7f };
        var input = new AcquisitionInput(6, 2, new float[12], new float[12], probabilities) { Geometry = geometry, LabelCounts = [5, 1] };
        Assert.True(QueueRanker.NeedsColdStart(input, 3));
        var order = QueueRanker.Rank(new BaldStrategy(), input, new RankingOptions(2), seed: 4);
        Assert.Equal(5, order[0]); // class-seeking: highest p(class 1)
        Assert.Contains(order[1], new[] { 3, 4 }); // k-means++ favours what is far from every label: (0,1) or (-1,0)

        // Once the project is no longer young, a label still short of examples keeps being sought, but the other picks
        // are the strategy's: margin's closest call, row 0, right beside the labelled row (where k-means++ would almost
        // never go), after the class-seeking pick, row 3.
        var spread = new PoolGeometry(2, Unit([0.95f, 0.31f], [0, 1], [-1, 0], [0, -1], [0.7f, 0.7f], [1, 0]), [0, 1, 2, 3, 4], [5]);
        var older = new AcquisitionInput(5, 2, new float[10], new float[10], [0.55f, 0.45f, 0.9f, 0.1f, 0.9f, 0.1f, 0.2f, 0.8f, 0.8f, 0.2f])
        {
            Geometry = spread,
            LabelCounts = [250, 1],
        };
        var margin = new UncertaintyStrategy(UncertaintyMeasure.Margin);
        Assert.Equal([3, 0], QueueRanker.Rank(margin, older, new RankingOptions(2), seed: 4)[..2]);
        Assert.NotEqual(0, QueueRanker.Rank(margin, older with { LabelCounts = [150, 1] }, new RankingOptions(2), seed: 4)[1]);

        // Random sampling is left alone: the rule serves the model-driven strategies.
        var random = QueueRanker.Rank(new RandomStrategy(), input, new RankingOptions(2), seed: 4);
        Assert.Equal(QueueRanker.Rank(new RandomStrategy(), input with { LabelCounts = [5, 5] }, new RankingOptions(2), seed: 4), random);
    }

    [Fact]
    public void Information_density_prefers_uncertain_rows_from_crowded_regions()
    {
        var vectors = Unit([1, 0], [1, 0.05f], [1, -0.05f], [1, 0.02f], [-1, 0.3f]);
        var geometry = new PoolGeometry(2, vectors, [0, 1, 2, 3, 4], []);
        float[] even = [0.5f, 0.5f];
        var input = new AcquisitionInput(5, 2, new float[10], new float[10], new[] { even, even, even, even, even }.SelectMany(p => p).ToArray()) { Geometry = geometry };
        var scores = new float[5];
        new DensityStrategy().Score(input, scores, 0);
        Assert.True(scores[0] > scores[4] * 2, $"typical {scores[0]} vs outlier {scores[4]}");
    }

    [Fact]
    public void The_random_projection_keeps_cosine_similarities_of_sparse_rows()
    {
        var random = new Random(3);
        var rows = 60;
        var starts = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (var i = 0; i < rows; i++)
        {
            // Pairs of rows share most of their features.
            var basis = new Random(i / 2);
            var columns = Enumerable.Range(0, 40).Select(_ => basis.Next(1 << 18)).Concat(Enumerable.Range(0, 5).Select(_ => random.Next(1 << 18))).Distinct().Order().ToList();
            indices.AddRange(columns);
            values.AddRange(columns.Select(_ => 1f));
            starts[i + 1] = indices.Count;
        }

        var x = new SparseMatrix(1 << 18, starts, [.. indices], [.. values]);
        var projected = new float[rows * 256];
        RandomProjection.Project(x, 256, projected);
        double twins = 0, strangers = 0;
        for (var i = 0; i < rows; i += 2)
        {
            twins += Dot(projected, i, i + 1, 256);
            strangers += Dot(projected, i, (i + 3) % rows, 256);
        }

        Assert.InRange(twins / (rows / 2), 0.75, 0.95); // exact cosine ≈ 0.89
        Assert.InRange(strangers / (rows / 2), -0.1, 0.1);
    }

    private static float Dot(float[] m, int a, int b, int d) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(m.AsSpan(a * d, d), m.AsSpan(b * d, d));

    private static AcquisitionInput Flat(int rows, int classes) =>
        new(rows, classes, new float[rows * classes], new float[rows * classes], Enumerable.Repeat(1f / classes, rows * classes).ToArray());

    private static float[] Unit(params float[][] rows)
    {
        var result = rows.SelectMany(r => r).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            RandomProjection.Normalise(result.AsSpan(i * rows[0].Length, rows[0].Length));
        }

        return result;
    }

    [Fact]
    public void The_distance_to_the_labelled_set_is_one_minus_the_nearest_cosine_for_every_row()
    {
        // 4,099 pool rows (blocks of 1,024 and a last group of three) against 37 labelled rows, unit vectors of 64.
        const int Dimension = 64;
        var random = new Random(3);
        var vectors = new float[4200 * Dimension];
        for (var r = 0; r < 4200; r++)
        {
            var row = vectors.AsSpan(r * Dimension, Dimension);
            for (var e = 0; e < Dimension; e++)
            {
                row[e] = (float)(random.NextDouble() - 0.5);
            }

            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }

        var geometry = new PoolGeometry(Dimension, vectors, [.. Enumerable.Range(37, 4099)], [.. Enumerable.Range(0, 37)]);
        int[] rows = [.. Enumerable.Range(0, 4099).Reverse()];
        var distance = geometry.DistanceToLabelled(rows);
        for (var i = 0; i < rows.Length; i++)
        {
            var nearest = Enumerable.Range(0, 37).Max(j =>
            {
                var labelled = new float[Dimension];
                geometry.LabelledRow(j, labelled);
                return TensorPrimitives.Dot(geometry.PoolRow(rows[i]), labelled);
            });
            Assert.Equal(Math.Min(1f, 1f - nearest), distance[i], 1e-5f);
        }

        Assert.All(new PoolGeometry(Dimension, vectors, [1, 2], []).DistanceToLabelled([0, 1]), d => Assert.Equal(1f, d));
    }
}
