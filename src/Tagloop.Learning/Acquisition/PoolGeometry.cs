using System.Numerics.Tensors;

namespace Tagloop.Learning.Acquisition;

/// <summary>
/// Where the pool and the labelled documents lie: L2-normalised embeddings of the whole corpus (row-major, so a dot
/// product is a cosine similarity), with the corpus rows of the pool and of the labelled documents. Nothing is
/// copied per refit. Diversity-aware strategies and batch selection read it.
/// </summary>
public sealed record PoolGeometry(int Dimension, float[] Vectors, int[] Pool, int[] Labelled)
{
    /// <summary>Above this many pool rows, the quadratic diversity computations (k-center, k-means++) run on a random sample of this size.</summary>
    public const int SampleLimit = 20_000;

    public int PoolRows => Pool.Length;

    public ReadOnlySpan<float> PoolRow(int i) => Vectors.AsSpan(Pool[i] * Dimension, Dimension);

    public ReadOnlySpan<float> LabelledRow(int j) => Vectors.AsSpan(Labelled[j] * Dimension, Dimension);

    /// <summary>
    /// Cosine distance (1 − cos) from each of <paramref name="rows"/> (pool indices) to its nearest labelled
    /// document; 1 when nothing is labelled.
    /// </summary>
    public float[] DistanceToLabelled(int[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var distance = new float[rows.Length];
        Array.Fill(distance, 1f);
        for (var j = 0; j < Labelled.Length; j++)
        {
            Tighten(rows, distance, LabelledRow(j).ToArray());
        }

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
            for (var i = block * 4096; i < end; i++)
            {
                var d = 1f - TensorPrimitives.Dot(PoolRow(rows[i]), centre);
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
