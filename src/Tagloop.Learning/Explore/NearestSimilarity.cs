using System.Numerics.Tensors;

namespace Tagloop.Learning.Explore;

/// <summary>For each candidate row, the highest cosine similarity to any reference row: how much like the nearest reference it is.</summary>
public static class NearestSimilarity
{
    /// <summary>
    /// Candidates and references are row-major (rows × dimension) and need not be unit length; a row of zeros has
    /// similarity 0 to everything. Candidates are spread over the cores in fixed ranges, each on its own, so the result
    /// does not depend on scheduling.
    /// </summary>
    public static float[] Highest(float[] candidates, float[] references, int dimension)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(references);
        if (dimension <= 0 || candidates.Length % dimension != 0 || references.Length % dimension != 0)
        {
            throw new ArgumentException($"Rows of dimension {dimension} do not fit {candidates.Length} candidate and {references.Length} reference values.", nameof(dimension));
        }

        var unitCandidates = Unit(candidates, dimension);
        var unitReferences = Unit(references, dimension);
        var count = candidates.Length / dimension;
        var referenceCount = references.Length / dimension;
        var highest = new float[count];
        Parallel.For(0, (count + 255) / 256, chunk =>
        {
            for (var i = chunk * 256; i < Math.Min(count, (chunk + 1) * 256); i++)
            {
                var row = new ReadOnlySpan<float>(unitCandidates, i * dimension, dimension);
                var best = referenceCount == 0 ? 0f : float.NegativeInfinity;
                for (var r = 0; r < referenceCount; r++)
                {
                    best = Math.Max(best, TensorPrimitives.Dot(row, new ReadOnlySpan<float>(unitReferences, r * dimension, dimension)));
                }

                highest[i] = best;
            }
        });
        return highest;
    }

    private static float[] Unit(float[] rows, int dimension)
    {
        var unit = (float[])rows.Clone();
        for (var start = 0; start < unit.Length; start += dimension)
        {
            var row = unit.AsSpan(start, dimension);
            var norm = TensorPrimitives.Norm(row);
            if (!float.IsFinite(norm))
            {
                throw new ArgumentException($"Row {start / dimension} holds a value that is not a finite number.", nameof(rows));
            }

            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }

        return unit;
    }
}
