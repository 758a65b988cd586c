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
}
