using Tagloop.Learning.Explore;

namespace Tagloop.Learning.Tests.Explore;

public sealed class MapProjectionTests
{
    private const int Dimension = 50;

    [Fact]
    public async Task The_same_seed_gives_the_same_coordinates_and_the_map_fits_the_unit_square()
    {
        var (rows, _) = Blobs(blobs: 4, perBlob: 60, seed: 3);
        var options = new MapOptions(Epochs: 100);
        var first = MapProjection.Project(rows, Dimension, seed: 7, options);
        var second = MapProjection.Project(rows, Dimension, seed: 7, options);
        Assert.Equal(first.Coordinates, second.Coordinates);
        Assert.Equal(240, first.Count);
        Assert.All(first.Coordinates, c => Assert.InRange(c, -1f, 1f));
        Assert.Equal(1f, first.Coordinates.Max(Math.Abs), 3);

        // On one thread (Parallel.For uses the current scheduler) the coordinates are the same to the bit.
        var single = await OnOneThread(() => MapProjection.Project(rows, Dimension, seed: 7, options));
        Assert.Equal(first.Coordinates, single.Coordinates);

        var other = MapProjection.Project(rows, Dimension, seed: 8, options);
        Assert.NotEqual(first.Coordinates, other.Coordinates);
    }

    [Fact]
    public void Well_separated_blobs_stay_separated_on_the_map()
    {
        var (rows, blob) = Blobs(blobs: 6, perBlob: 80, seed: 1);
        var layout = MapProjection.Project(rows, Dimension, seed: 5);

        var sameBlob = Enumerable.Range(0, blob.Length).Count(i => blob[NearestOnMap(layout, i, blob.Length)] == blob[i]);
        Assert.True(sameBlob >= 0.98 * blob.Length, $"{sameBlob} of {blob.Length} rows have their map neighbour in their blob");

        var preservation = MapQuality.NeighbourhoodPreservation(rows, Dimension, layout, k: 10);
        Assert.True(preservation > 0.2, $"preservation {preservation:F3}");

        // The figure can fail: random coordinates keep almost no neighbourhood.
        var random = new Random(2);
        var scattered = new MapLayout([.. Enumerable.Range(0, 2 * blob.Length).Select(_ => (random.NextSingle() * 2) - 1)]);
        Assert.True(MapQuality.NeighbourhoodPreservation(rows, Dimension, scattered, k: 10) < 0.1);
        var sameBlobScattered = Enumerable.Range(0, blob.Length).Count(i => blob[NearestOnMap(scattered, i, blob.Length)] == blob[i]);
        Assert.True(sameBlobScattered < 0.5 * blob.Length);
    }

    [Fact]
    public async Task The_approximate_neighbour_graph_finds_nearly_all_true_neighbours_and_does_not_depend_on_threads()
    {
        var (rows, _) = Blobs(blobs: 10, perBlob: 300, seed: 4, dimension: 24, spread: 0.8f);
        var unit = Unit(rows, 24);
        var exact = NeighbourGraph.Build(unit, 3000, 24, 10, seed: 1);
        var approximate = NeighbourGraph.Build(unit, 3000, 24, 10, seed: 1, forceApproximate: true);
        var found = 0;
        for (var i = 0; i < 3000; i++)
        {
            var truth = exact.Indices.AsSpan(i * 10, 10).ToArray();
            found += approximate.Indices.AsSpan(i * 10, 10).ToArray().Count(truth.Contains);
        }

        var recall = found / 30000.0;
        Assert.True(recall > 0.9, $"recall {recall:F3}");

        var again = await OnOneThread(() => NeighbourGraph.Build(unit, 3000, 24, 10, seed: 1, forceApproximate: true));
        Assert.Equal(approximate.Indices, again.Indices);
        Assert.Equal(approximate.Distances, again.Distances);
    }

    [Fact]
    public void Graph_recall_is_one_for_the_exact_graph_and_high_but_measured_for_the_approximate_one()
    {
        var (small, _) = Blobs(blobs: 5, perBlob: 100, seed: 8, dimension: 24, spread: 0.8f);
        Assert.Equal(1.0, MapQuality.GraphRecall(small, 24, seed: 1, k: 10, sampleSize: 200));

        // Above 4,000 rows the map's graph is approximate (trees + NN-descent): its recall is measured against exhaustive search.
        var (large, _) = Blobs(blobs: 10, perBlob: 500, seed: 9, dimension: 24, spread: 0.8f);
        var recall = MapQuality.GraphRecall(large, 24, seed: 1, k: 10, sampleSize: 300);
        Assert.InRange(recall, 0.9, 1.0);
        Assert.Equal(recall, MapQuality.GraphRecall(large, 24, seed: 1, k: 10, sampleSize: 300));
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => MapQuality.GraphRecall(small, 24, seed: 1, k: 16)).ParamName);
    }

    [Fact]
    public void New_rows_land_beside_their_blob_and_old_rows_do_not_move()
    {
        var (rows, blob) = Blobs(blobs: 5, perBlob: 60, seed: 6);
        var options = new MapOptions(Epochs: 150);
        var layout = MapProjection.Project(rows, Dimension, seed: 2, options);
        var (more, moreBlob) = Blobs(blobs: 5, perBlob: 4, seed: 6, noiseSeed: 99);

        var placed = MapProjection.Place(layout, rows, more, Dimension, seed: 2, options);
        Assert.Equal(blob.Length + moreBlob.Length, placed.Count);
        Assert.Equal(layout.Coordinates, placed.Coordinates[..layout.Coordinates.Length]);
        for (var t = 0; t < moreBlob.Length; t++)
        {
            var row = blob.Length + t;
            Assert.Equal(moreBlob[t], blob[NearestOnMap(placed, row, blob.Length)]);
            Assert.InRange(placed.X(row), -1.2f, 1.2f);
        }

        Assert.Equal(placed.Coordinates, MapProjection.Place(layout, rows, more, Dimension, seed: 2, options).Coordinates);
        Assert.Equal(layout.Coordinates, MapProjection.Place(layout, rows, [], Dimension, seed: 2).Coordinates);
    }

    [Fact]
    public void A_large_batch_found_through_the_neighbour_graph_lands_where_the_exhaustive_search_puts_it()
    {
        var (rows, blob) = Blobs(blobs: 5, perBlob: 60, seed: 6);
        var options = new MapOptions(Epochs: 150);
        var layout = MapProjection.Project(rows, Dimension, seed: 2, options);
        var (more, moreBlob) = Blobs(blobs: 5, perBlob: 8, seed: 6, noiseSeed: 77);

        // No comparisons allowed exhaustively: every new row's neighbours come from the graph over old and new rows.
        var byGraph = MapProjection.Place(layout, rows, more, Dimension, seed: 2, options, exactPairs: 0);
        var exhaustive = MapProjection.Place(layout, rows, more, Dimension, seed: 2, options, exactPairs: long.MaxValue);
        Assert.Equal(layout.Coordinates, byGraph.Coordinates[..layout.Coordinates.Length]);
        for (var t = 0; t < moreBlob.Length; t++)
        {
            var row = blob.Length + t;
            Assert.Equal(moreBlob[t], blob[NearestOnMap(byGraph, row, blob.Length)]);
            Assert.Equal(blob[NearestOnMap(exhaustive, row, blob.Length)], blob[NearestOnMap(byGraph, row, blob.Length)]);
        }

        Assert.Equal(byGraph.Coordinates, MapProjection.Place(layout, rows, more, Dimension, seed: 2, options, exactPairs: 0).Coordinates);
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_argument()
    {
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => MapProjection.Project([], 3, 1)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => MapProjection.Project([1, 2, 3], 3, 1)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => MapProjection.Project([1, 2, 3, 4, 5], 3, 1)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => MapProjection.Project([1, 2, 3, 4, float.NaN, 6], 3, 1)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentNullException>(() => MapProjection.Project(null!, 3, 1)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => MapProjection.Project([1, 2], 0, 1)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => MapProjection.Project([1, 2, 3, 4], 2, 1, new MapOptions(Neighbours: 1))).ParamName);

        var layout = MapProjection.Project([1, 0, 0, 1, 1, 1], 2, 1);
        Assert.Equal("layout", Assert.Throws<ArgumentException>(() => MapProjection.Place(layout, [1, 0, 0, 1], [1, 1], 2, 1)).ParamName);
        Assert.Equal("newRows", Assert.Throws<ArgumentException>(() => MapProjection.Place(layout, [1, 0, 0, 1, 1, 1], [1, float.PositiveInfinity], 2, 1)).ParamName);
        Assert.Equal("newRows", Assert.Throws<ArgumentException>(() => MapProjection.Place(layout, [1, 0, 0, 1, 1, 1], [1, 1, 1], 2, 1)).ParamName);
    }

    [Fact]
    public void Two_rows_and_duplicate_rows_still_get_a_map()
    {
        var two = MapProjection.Project([1, 0, 0, 1], 2, 1);
        Assert.Equal(2, two.Count);
        Assert.All(two.Coordinates, c => Assert.True(float.IsFinite(c)));

        var same = MapProjection.Project([.. Enumerable.Repeat(new[] { 1f, 2f, 3f }, 20).SelectMany(r => r)], 3, 1);
        Assert.All(same.Coordinates, c => Assert.True(float.IsFinite(c)));
    }

    private static Task<T> OnOneThread<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler);

    private static int NearestOnMap(MapLayout layout, int row, int among)
    {
        var best = -1;
        var bestDistance = float.MaxValue;
        for (var j = 0; j < among; j++)
        {
            if (j == row)
            {
                continue;
            }

            var dx = layout.X(row) - layout.X(j);
            var dy = layout.Y(row) - layout.Y(j);
            if ((dx * dx) + (dy * dy) < bestDistance)
            {
                (best, bestDistance) = (j, (dx * dx) + (dy * dy));
            }
        }

        return best;
    }

    /// <summary>Gaussian blobs around random unit centres (centres from seed, noise from noiseSeed).</summary>
    internal static (float[] Rows, int[] Blob) Blobs(int blobs, int perBlob, int seed, int dimension = Dimension, float spread = 0.25f, int? noiseSeed = null)
    {
        var centres = new Random(seed);
        var noise = new Random(noiseSeed ?? (seed + 1000));
        var centre = new float[blobs][];
        for (var b = 0; b < blobs; b++)
        {
            centre[b] = [.. Enumerable.Range(0, dimension).Select(_ => Gaussian(centres))];
        }

        var rows = new float[blobs * perBlob * dimension];
        var blob = new int[blobs * perBlob];
        for (var i = 0; i < blob.Length; i++)
        {
            blob[i] = i % blobs;
            for (var c = 0; c < dimension; c++)
            {
                rows[(i * dimension) + c] = centre[blob[i]][c] + (spread * Gaussian(noise));
            }
        }

        return (rows, blob);
    }

    private static float[] Unit(float[] rows, int dimension)
    {
        var unit = (float[])rows.Clone();
        for (var i = 0; i < rows.Length / dimension; i++)
        {
            var row = unit.AsSpan(i * dimension, dimension);
            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(row, row));
            System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
        }

        return unit;
    }

    private static float Gaussian(Random random) =>
        MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle())) * MathF.Cos(2f * MathF.PI * random.NextSingle());
}
