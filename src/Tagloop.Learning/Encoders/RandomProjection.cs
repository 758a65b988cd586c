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
        ProjectRows(x, 0, x.Rows, dimension, destination, seed);
    }

    private static void ProjectRows(SparseMatrix x, int from, int to, int dimension, Span<float> destination, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, NonZerosPerColumn);
        if (destination.Length < (to - from) * dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {to - from} rows × {dimension} need {(to - from) * dimension}.", nameof(destination));
        }

        var scale = 1f / MathF.Sqrt(NonZerosPerColumn);
        for (var i = from; i < to; i++)
        {
            var row = destination.Slice((i - from) * dimension, dimension);
            row.Clear();
            var entries = x.Row(i);
            for (var k = 0; k < entries.Length; k++)
            {
                var value = entries.Value(k);
                var h = Mix((uint)entries.Column(k) ^ ((uint)seed * 0x9E3779B9u));
                for (var s = 0; s < NonZerosPerColumn; s++)
                {
                    h = Mix(h + (uint)s + 1);
                    var target = (int)(h % (uint)dimension);
                    row[target] += (h & 0x80000000u) == 0 ? value * scale : -value * scale;
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
        ProjectRows(x, 0, x.Rows, dimension, destination, seed);
    }

    /// <summary>
    /// As <see cref="Project(FeatureRows, int, Span{float}, int)"/>, scalar-quantised (<see cref="QuantisedRows"/>: a
    /// million rows at 64 dimensions are 68 MB instead of 256; cosines between unit rows keep about two and a half
    /// decimals, which is all that diversity and near-duplicate checks need), worked out a block of rows at a time.
    /// </summary>
    public static QuantisedRows ProjectQuantised(FeatureRows x, int dimension, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(x);
        const int Block = 4096;
        var result = new QuantisedRows(x.Rows, dimension);
        var scratch = new float[Block * dimension];
        for (var from = 0; from < x.Rows; from += Block)
        {
            var to = Math.Min(x.Rows, from + Block);
            ProjectRows(x, from, to, dimension, scratch.AsSpan(0, (to - from) * dimension), seed);
            for (var i = from; i < to; i++)
            {
                result.Set(i, scratch.AsSpan((i - from) * dimension, dimension));
            }
        }

        return result;
    }

    private static void ProjectRows(FeatureRows x, int from, int to, int dimension, Span<float> destination, int seed)
    {
        if (x.Dense is null)
        {
            ProjectRows(x.Sparse!, from, to, dimension, destination, seed);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, NonZerosPerColumn);
        var dense = x.Dense;
        if (destination.Length < (to - from) * dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {to - from} rows × {dimension} need {(to - from) * dimension}.", nameof(destination));
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
        for (var i = from; i < to; i++)
        {
            dense.CopyRow(i, row);
            if (center is not null)
            {
                TensorPrimitives.Subtract(row, center, row);
            }

            var output = destination.Slice((i - from) * dimension, dimension);
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
