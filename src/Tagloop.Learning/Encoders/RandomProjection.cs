using System.Numerics.Tensors;

namespace Tagloop.Learning.Encoders;

/// <summary>
/// A sparse Johnson–Lindenstrauss projection (Kane and Nelson 2014): each input column adds ±1/√s to s output
/// dimensions chosen by a seeded hash, so cosine similarities between rows survive in a small dense space. Rows are
/// L2-normalised afterwards. Diversity-aware acquisition (k-center, density, cold start, diverse batches) works in
/// this space whatever the model's features are: hashed TF-IDF, GloVe-SIF or both.
/// </summary>
public static class RandomProjection
{
    public const int DefaultDimension = 64;
    private const int NonZerosPerColumn = 4;

    /// <summary>Projects every row of <paramref name="x"/> into <paramref name="destination"/> (rows × dimension, row-major).</summary>
    public static void Project(SparseMatrix x, int dimension, Span<float> destination, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, NonZerosPerColumn);
        if (destination.Length < x.Rows * dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {x.Rows} rows × {dimension} need {x.Rows * dimension}.", nameof(destination));
        }

        var scale = 1f / MathF.Sqrt(NonZerosPerColumn);
        for (var i = 0; i < x.Rows; i++)
        {
            var row = destination.Slice(i * dimension, dimension);
            row.Clear();
            var indices = x.RowIndices(i);
            var values = x.RowValues(i);
            for (var k = 0; k < indices.Length; k++)
            {
                var h = Mix((uint)indices[k] ^ ((uint)seed * 0x9E3779B9u));
                for (var s = 0; s < NonZerosPerColumn; s++)
                {
                    h = Mix(h + (uint)s + 1);
                    var target = (int)(h % (uint)dimension);
                    row[target] += (h & 0x80000000u) == 0 ? values[k] * scale : -values[k] * scale;
                }
            }

            Normalise(row);
        }
    }

    /// <summary>
    /// Projects features into the space diversity is measured in: the dense block when there is one (sentence
    /// embeddings, centred, are a better measure of "alike" than shared words), the sparse block otherwise.
    /// </summary>
    public static void Project(FeatureRows x, int dimension, Span<float> destination, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Dense is null)
        {
            Project(x.Sparse!, dimension, destination, seed);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, NonZerosPerColumn);
        var dense = x.Dense;
        if (destination.Length < dense.Rows * dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {dense.Rows} rows × {dimension} need {dense.Rows * dimension}.", nameof(destination));
        }

        // Each input dimension's targets and signs, worked out once.
        var m = dense.Dimension;
        var targets = new int[m * NonZerosPerColumn];
        var signs = new float[m * NonZerosPerColumn];
        var scale = 1f / MathF.Sqrt(NonZerosPerColumn);
        for (var j = 0; j < m; j++)
        {
            var h = Mix((uint)j ^ ((uint)seed * 0x9E3779B9u));
            for (var s = 0; s < NonZerosPerColumn; s++)
            {
                h = Mix(h + (uint)s + 1);
                targets[(j * NonZerosPerColumn) + s] = (int)(h % (uint)dimension);
                signs[(j * NonZerosPerColumn) + s] = (h & 0x80000000u) == 0 ? scale : -scale;
            }
        }

        var row = new float[m];
        var center = dense.Center;
        for (var i = 0; i < dense.Rows; i++)
        {
            dense.CopyRow(i, row);
            if (center is not null)
            {
                TensorPrimitives.Subtract(row, center, row);
            }

            var output = destination.Slice(i * dimension, dimension);
            output.Clear();
            for (var j = 0; j < m; j++)
            {
                for (var s = 0; s < NonZerosPerColumn; s++)
                {
                    output[targets[(j * NonZerosPerColumn) + s]] += row[j] * signs[(j * NonZerosPerColumn) + s];
                }
            }

            Normalise(output);
        }
    }

    /// <summary>Scales a row to unit length; an all-zero row stays zero.</summary>
    public static void Normalise(Span<float> row)
    {
        var norm = TensorPrimitives.Norm(row);
        if (norm > 0)
        {
            TensorPrimitives.Divide(row, norm, row);
        }
    }

    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        return h;
    }
}
