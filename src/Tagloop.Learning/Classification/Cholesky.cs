namespace Tagloop.Learning.Classification;

/// <summary>Cholesky factors of symmetric positive-definite matrices (Golub and Van Loan, ch. 4).</summary>
internal static class Cholesky
{
    /// <summary>
    /// The lower factor L (row-major, n × n, zero above the diagonal) with A = L Lᵀ, from A's lower triangle. Returns
    /// how many pivots had to be clamped because rounding made them non-positive (0 for a healthy matrix).
    /// </summary>
    public static double[] Factor(double[] a, int n, out int clampedPivots)
    {
        clampedPivots = 0;
        var l = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[(i * n) + k] * l[(j * n) + k];
                }

                if (i == j)
                {
                    if (sum <= 1e-12)
                    {
                        clampedPivots++;
                        sum = 1e-12;
                    }

                    l[(i * n) + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[(i * n) + j] = sum / l[(j * n) + j];
                }
            }
        }

        return l;
    }

    /// <summary>A⁻¹ (n × n, full) from A's Cholesky factor.</summary>
    public static double[] Inverse(double[] l, int n)
    {
        var lowerInverse = LowerInverse(l, n);
        var result = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = 0.0;
                for (var k = i; k < n; k++)
                {
                    sum += lowerInverse[(k * n) + i] * lowerInverse[(k * n) + j];
                }

                result[(i * n) + j] = sum;
                result[(j * n) + i] = sum;
            }
        }

        return result;
    }

    /// <summary>L⁻¹ (n × n, lower triangular, row-major) by forward substitution, column by column.</summary>
    public static double[] LowerInverse(double[] l, int n)
    {
        var lowerInverse = new double[n * n];
        for (var col = 0; col < n; col++)
        {
            for (var i = col; i < n; i++)
            {
                var sum = i == col ? 1.0 : 0.0;
                for (var k = col; k < i; k++)
                {
                    sum -= l[(i * n) + k] * lowerInverse[(k * n) + col];
                }

                lowerInverse[(i * n) + col] = sum / l[(i * n) + i];
            }
        }

        return lowerInverse;
    }

    /// <summary>tr(A⁻¹) = ‖L⁻¹‖², from A's Cholesky factor.</summary>
    public static double TraceOfInverse(double[] l, int n)
    {
        var trace = 0.0;
        var column = new double[n];
        for (var col = 0; col < n; col++)
        {
            Array.Clear(column);
            for (var i = col; i < n; i++)
            {
                var sum = i == col ? 1.0 : 0.0;
                for (var k = col; k < i; k++)
                {
                    sum -= l[(i * n) + k] * column[k];
                }

                column[i] = sum / l[(i * n) + i];
                trace += column[i] * column[i];
            }
        }

        return trace;
    }

    /// <summary>zᵀ A⁻¹ z = ‖L⁻¹ z‖², by forward substitution; <paramref name="work"/> holds n floats.</summary>
    public static float InverseQuadratic(ReadOnlySpan<float> l, ReadOnlySpan<float> z, Span<float> work)
    {
        var n = z.Length;
        var total = 0f;
        for (var i = 0; i < n; i++)
        {
            var row = l.Slice(i * n, i);
            var sum = z[i] - System.Numerics.Tensors.TensorPrimitives.Dot(row, work[..i]);
            var y = sum / l[(i * n) + i];
            work[i] = y;
            total += y * y;
        }

        return total;
    }
}
