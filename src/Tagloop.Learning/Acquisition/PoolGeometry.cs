using System.Numerics.Tensors;

namespace Tagloop.Learning.Acquisition;

/// <summary>
/// Where the pool and the labelled documents lie: L2-normalised embeddings, row-major, so a dot product is a cosine
/// similarity. Diversity-aware strategies and batch selection read it.
/// </summary>
public sealed record PoolGeometry(int Dimension, float[] Pool, float[] Labelled)
{
    public int PoolRows => Pool.Length / Dimension;

    public int LabelledRows => Labelled.Length / Dimension;

    public ReadOnlySpan<float> PoolRow(int i) => Pool.AsSpan(i * Dimension, Dimension);

    public ReadOnlySpan<float> LabelledRow(int i) => Labelled.AsSpan(i * Dimension, Dimension);

    /// <summary>Cosine distance (1 − cos) from each pool row to its nearest labelled row; 1 for every row when nothing is labelled.</summary>
    public float[] DistanceToLabelled()
    {
        var distance = new float[PoolRows];
        Array.Fill(distance, 1f);
        for (var j = 0; j < LabelledRows; j++)
        {
            Tighten(distance, LabelledRow(j));
        }

        return distance;
    }

    /// <summary>Lowers each row's distance to its distance from <paramref name="centre"/> where that is nearer.</summary>
    public void Tighten(float[] distance, ReadOnlySpan<float> centre)
    {
        ArgumentNullException.ThrowIfNull(distance);
        for (var i = 0; i < distance.Length; i++)
        {
            var d = 1f - TensorPrimitives.Dot(PoolRow(i), centre);
            if (d < distance[i])
            {
                distance[i] = d;
            }
        }
    }

    /// <summary>Gathers the chosen rows of a row-major matrix into a new one.</summary>
    public static float[] Gather(ReadOnlySpan<float> rows, int dimension, IReadOnlyList<int> chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        var result = new float[chosen.Count * dimension];
        for (var k = 0; k < chosen.Count; k++)
        {
            rows.Slice(chosen[k] * dimension, dimension).CopyTo(result.AsSpan(k * dimension, dimension));
        }

        return result;
    }
}
