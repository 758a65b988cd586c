namespace Tagloop.Learning.Explore;

/// <summary>How well a map keeps the embedding's neighbourhoods.</summary>
public static class MapQuality
{
    /// <summary>
    /// The mean share of each row's k nearest rows by cosine in the embedding that are also among its k nearest on
    /// the map (1: every neighbourhood kept; about k/n for random coordinates). Exact, over a seeded sample of at most
    /// sampleSize rows (each compared with all rows).
    /// </summary>
    public static double NeighbourhoodPreservation(float[] rows, int dimension, MapLayout layout, int k = 10, int sampleSize = 1000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var count = MapProjection.Validate(rows, dimension, nameof(rows), minimum: 2);
        if (layout.Count != count)
        {
            throw new ArgumentException($"The layout has {layout.Count} rows but rows has {count}.", nameof(layout));
        }

        k = Math.Min(k, count - 1);
        var unit = new float[rows.Length];
        for (var i = 0; i < count; i++)
        {
            var row = rows.AsSpan(i * dimension, dimension);
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, unit.AsSpan(i * dimension, dimension));
            }
        }

        var sample = Enumerable.Range(0, count).ToArray();
        if (count > sampleSize)
        {
            var random = new Random(seed);
            random.Shuffle(sample);
            sample = sample[..sampleSize];
        }

        var shares = new double[sample.Length];
        Parallel.For(0, sample.Length, s =>
        {
            var i = sample[s];
            var embedded = new (float, int)[count - 1];
            var mapped = new (float, int)[count - 1];
            var query = NeighbourGraph.Row(unit, dimension, i);
            var p = 0;
            for (var j = 0; j < count; j++)
            {
                if (j == i)
                {
                    continue;
                }

                embedded[p] = (NeighbourGraph.Distance(query, NeighbourGraph.Row(unit, dimension, j)), j);
                var dx = layout.X(i) - layout.X(j);
                var dy = layout.Y(i) - layout.Y(j);
                mapped[p++] = ((dx * dx) + (dy * dy), j);
            }

            Array.Sort(embedded);
            Array.Sort(mapped);
            var near = new HashSet<int>(embedded[..k].Select(e => e.Item2));
            shares[s] = mapped[..k].Count(m => near.Contains(m.Item2)) / (double)k;
        });
        return shares.Average();
    }

    /// <summary>
    /// Recall@k of the k-nearest-neighbour graph <see cref="MapProjection.Project"/> builds for these rows (the same
    /// seed and <see cref="MapOptions.Neighbours"/>; approximate above 4,000 rows): the mean share of a sampled row's k
    /// nearest rows by cosine, found exhaustively, that are among its k nearest in the graph. k at most the graph's
    /// neighbours. Over a seeded sample of at most sampleSize rows.
    /// </summary>
    public static double GraphRecall(float[] rows, int dimension, int seed, MapOptions? options = null, int k = 10, int sampleSize = 500)
    {
        options ??= MapOptions.Default;
        options.Validate();
        var count = MapProjection.Validate(rows, dimension, nameof(rows), minimum: 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, options.Neighbours);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);
        var unit = MapProjection.Normalised(rows, dimension);
        var graph = NeighbourGraph.Build(unit, count, dimension, options.Neighbours, seed);
        k = Math.Min(k, graph.K);
        var sample = Enumerable.Range(0, count).ToArray();
        if (count > sampleSize)
        {
            new Random(seed).Shuffle(sample);
            sample = sample[..sampleSize];
        }

        var shares = new double[sample.Length];
        Parallel.For(0, sample.Length, s =>
        {
            var i = sample[s];
            var exact = new (float, int)[count - 1];
            var query = NeighbourGraph.Row(unit, dimension, i);
            var p = 0;
            for (var j = 0; j < count; j++)
            {
                if (j != i)
                {
                    exact[p++] = (NeighbourGraph.Distance(query, NeighbourGraph.Row(unit, dimension, j)), j);
                }
            }

            Array.Sort(exact);
            var near = new HashSet<int>(exact[..k].Select(e => e.Item2));
            shares[s] = graph.Indices.AsSpan(i * graph.K, k).ToArray().Count(near.Contains) / (double)k;
        });
        return shares.Average();
    }
}
