using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Acquisition;

/// <summary>
/// Where the pool and the labelled documents lie: L2-normalised embeddings of the whole corpus (scalar-quantised, so
/// a dot product is a cosine similarity to about two and a half decimals), with the corpus rows of the pool and of the
/// labelled documents. Nothing is copied per refit. Diversity-aware strategies and batch selection read it.
/// </summary>
public sealed class PoolGeometry(QuantisedRows vectors, int[] pool, int[] labelled)
{
    /// <summary>Above this many pool rows, the quadratic diversity computations (k-center, k-means++) run on a random sample of this size.</summary>
    public const int SampleLimit = 20_000;

    /// <summary>From single-precision rows (quantised once).</summary>
    public PoolGeometry(int dimension, float[] vectors, int[] pool, int[] labelled)
        : this(Quantised(dimension, vectors), pool, labelled)
    {
    }

    public int Dimension { get; } = vectors.Dimension;

    public int[] Pool { get; } = pool;

    public int[] Labelled { get; } = labelled;

    public int PoolRows => Pool.Length;

    /// <summary>Pool row <paramref name="i"/> into <paramref name="destination"/> (<see cref="Dimension"/> floats).</summary>
    public void PoolRow(int i, Span<float> destination) => Row(Pool[i], destination);

    /// <summary>Pool row <paramref name="i"/> as a new array.</summary>
    public float[] PoolRow(int i)
    {
        var row = new float[Dimension];
        PoolRow(i, row);
        return row;
    }

    /// <summary>Labelled row <paramref name="j"/> into <paramref name="destination"/>.</summary>
    public void LabelledRow(int j, Span<float> destination) => Row(Labelled[j], destination);

    private void Row(int corpusRow, Span<float> destination) => vectors.Row(corpusRow, destination);

    private static QuantisedRows Quantised(int dimension, float[] vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var rows = new QuantisedRows(vectors.Length / dimension, dimension);
        for (var i = 0; i < rows.Rows; i++)
        {
            rows.Set(i, vectors.AsSpan(i * dimension, dimension));
        }

        return rows;
    }

    /// <summary>
    /// Cosine distance (1 − cos) from each of <paramref name="rows"/> (pool indices) to its nearest labelled
    /// document; 1 when nothing is labelled.
    /// </summary>
    public float[] DistanceToLabelled(int[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var distance = new float[rows.Length];
        Array.Fill(distance, 1f);
        if (Labelled.Length == 0)
        {
            return distance;
        }

        // The labelled rows as the columns of one matrix (dimension × labelled, padded), so that four pool rows at a
        // time meet every labelled row in one blocked product (TriangularKernel.Multiply4) instead of a dot product
        // per pair.
        var stride = Classification.TriangularKernel.Padded(Labelled.Length);
        var columns = new float[Dimension * stride];
        var row = new float[Dimension];
        for (var j = 0; j < Labelled.Length; j++)
        {
            LabelledRow(j, row);
            for (var e = 0; e < Dimension; e++)
            {
                columns[(e * stride) + j] = row[e];
            }
        }

        const int Block = 1024;
        const int Group = Classification.TriangularKernel.RowGroup;
        Parallel.For(0, (rows.Length + Block - 1) / Block, block =>
        {
            var group = new float[Group * Dimension];
            var products = new float[Group * stride];
            var end = Math.Min(rows.Length, (block + 1) * Block);
            for (var i = block * Block; i < end; i += Group)
            {
                var count = Math.Min(Group, end - i);
                Array.Clear(group);
                for (var g = 0; g < count; g++)
                {
                    PoolRow(rows[i + g], group.AsSpan(g * Dimension, Dimension));
                }

                Classification.TriangularKernel.Multiply4(columns, stride, Dimension, group, Dimension, upper: false, products);
                for (var g = 0; g < count; g++)
                {
                    distance[i + g] = Math.Min(1f, 1f - TensorPrimitives.Max(products.AsSpan(g * stride, Labelled.Length)));
                }
            }
        });

        return distance;
    }

    /// <summary>Lowers each row's distance to its distance from <paramref name="centre"/> where that is nearer.</summary>
    public void Tighten(int[] rows, float[] distance, float[] centre)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(distance);
        Parallel.For(0, (rows.Length + 4095) / 4096, block =>
        {
            var end = Math.Min(rows.Length, (block + 1) * 4096);
            var row = new float[Dimension];
            for (var i = block * 4096; i < end; i++)
            {
                PoolRow(rows[i], row);
                var d = 1f - TensorPrimitives.Dot(row, centre);
                if (d < distance[i])
                {
                    distance[i] = d;
                }
            }
        });
    }

    /// <summary>Every pool index when the pool is small, else a seeded random sample of <see cref="SampleLimit"/> of them (sorted).</summary>
    public int[] Sample(int seed)
    {
        if (Pool.Length <= SampleLimit)
        {
            return [.. Enumerable.Range(0, Pool.Length)];
        }

        var random = new Random(seed);
        var chosen = new HashSet<int>(SampleLimit);
        while (chosen.Count < SampleLimit)
        {
            chosen.Add(random.Next(Pool.Length));
        }

        return [.. chosen.Order()];
    }
}
