using System.Numerics.Tensors;

namespace Tagloop.Learning.Explore;

/// <summary>
/// The plane of the two leading principal components, by subspace iteration on the centred rows from a seeded start.
/// Sums run over fixed blocks of rows and are added in block order, so the result does not depend on threads.
/// </summary>
internal static class PrincipalPlane
{
    private const int Block = 2048;
    private const int Iterations = 12;

    /// <summary>Each row's coordinates (x at 2i, y at 2i + 1) on the plane; the mean row maps to the origin.</summary>
    public static float[] Project(float[] rows, int count, int dimension, int seed)
    {
        var mean = new float[dimension];
        var sums = new double[dimension];
        for (var i = 0; i < count; i++)
        {
            var row = rows.AsSpan(i * dimension, dimension);
            for (var c = 0; c < dimension; c++)
            {
                sums[c] += row[c];
            }
        }

        for (var c = 0; c < dimension; c++)
        {
            mean[c] = (float)(sums[c] / count);
        }

        var random = new MapRandom(seed, 1);
        var basis = new double[2 * dimension];
        for (var c = 0; c < basis.Length; c++)
        {
            basis[c] = random.NextFloat() - 0.5;
        }

        Orthonormalise(basis, dimension, ref random);
        var projected = new float[2 * count];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            ProjectRows(rows, count, dimension, mean, basis, projected);
            basis = BackProject(rows, count, dimension, mean, projected);
            Orthonormalise(basis, dimension, ref random);
        }

        ProjectRows(rows, count, dimension, mean, basis, projected);
        return projected;
    }

    private static void ProjectRows(float[] rows, int count, int dimension, float[] mean, double[] basis, float[] projected)
    {
        var first = new float[dimension];
        var second = new float[dimension];
        for (var c = 0; c < dimension; c++)
        {
            first[c] = (float)basis[c];
            second[c] = (float)basis[dimension + c];
        }

        var offsetFirst = TensorPrimitives.Dot(mean, first);
        var offsetSecond = TensorPrimitives.Dot(mean, second);
        Parallel.For(0, count, i =>
        {
            var row = new ReadOnlySpan<float>(rows, i * dimension, dimension);
            projected[2 * i] = TensorPrimitives.Dot(row, first) - offsetFirst;
            projected[(2 * i) + 1] = TensorPrimitives.Dot(row, second) - offsetSecond;
        });
    }

    /// <summary>Xcᵀ·P (d × 2), with Xc the centred rows: Xᵀ·P minus the mean times P's column sums.</summary>
    private static double[] BackProject(float[] rows, int count, int dimension, float[] mean, float[] projected)
    {
        var blocks = (count + Block - 1) / Block;
        var partial = new double[blocks][];
        Parallel.For(0, blocks, b =>
        {
            var sum = new double[2 * dimension];
            var end = Math.Min(count, (b + 1) * Block);
            for (var i = b * Block; i < end; i++)
            {
                var row = new ReadOnlySpan<float>(rows, i * dimension, dimension);
                double p = projected[2 * i], q = projected[(2 * i) + 1];
                for (var c = 0; c < dimension; c++)
                {
                    sum[c] += row[c] * p;
                    sum[dimension + c] += row[c] * q;
                }
            }

            partial[b] = sum;
        });

        var total = new double[2 * dimension];
        foreach (var sum in partial)
        {
            for (var c = 0; c < total.Length; c++)
            {
                total[c] += sum[c];
            }
        }

        double sumP = 0, sumQ = 0;
        for (var i = 0; i < count; i++)
        {
            sumP += projected[2 * i];
            sumQ += projected[(2 * i) + 1];
        }

        for (var c = 0; c < dimension; c++)
        {
            total[c] -= mean[c] * sumP;
            total[dimension + c] -= mean[c] * sumQ;
        }

        return total;
    }

    /// <summary>Gram–Schmidt on the two columns; a column that vanishes (rank-deficient data) is redrawn at random.</summary>
    private static void Orthonormalise(double[] basis, int dimension, ref MapRandom random)
    {
        for (var column = 0; column < 2; column++)
        {
            for (var attempt = 0; attempt < 4; attempt++)
            {
                var v = basis.AsSpan(column * dimension, dimension);
                if (column == 1)
                {
                    var u = basis.AsSpan(0, dimension);
                    double dot = 0;
                    for (var c = 0; c < dimension; c++)
                    {
                        dot += u[c] * v[c];
                    }

                    for (var c = 0; c < dimension; c++)
                    {
                        v[c] -= dot * u[c];
                    }
                }

                double norm = 0;
                for (var c = 0; c < dimension; c++)
                {
                    norm += v[c] * v[c];
                }

                norm = Math.Sqrt(norm);
                if (norm > 1e-12)
                {
                    for (var c = 0; c < dimension; c++)
                    {
                        v[c] /= norm;
                    }

                    break;
                }

                for (var c = 0; c < dimension; c++)
                {
                    v[c] = random.NextFloat() - 0.5;
                }
            }
        }
    }
}
