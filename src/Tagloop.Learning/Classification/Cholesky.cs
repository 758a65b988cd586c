namespace Tagloop.Learning.Classification;

/// <summary>Inverts a symmetric positive-definite matrix through its Cholesky factor (Golub and Van Loan, ch. 4).</summary>
internal static class Cholesky
{
    /// <summary>The full inverse of the n × n matrix whose lower triangle (row-major) is given; the upper triangle is ignored.</summary>
    public static double[] InvertLower(double[] a, int n)
    {
        // A = L Lᵀ.
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
                    // The prior keeps the matrix positive definite; guard against rounding all the same.
                    l[(i * n) + i] = Math.Sqrt(Math.Max(sum, 1e-12));
                }
                else
                {
                    l[(i * n) + j] = sum / l[(j * n) + j];
                }
            }
        }

        // L⁻¹ by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹.
        var inverse = new double[n * n];
        for (var col = 0; col < n; col++)
        {
            for (var i = col; i < n; i++)
            {
                var sum = i == col ? 1.0 : 0.0;
                for (var k = col; k < i; k++)
                {
                    sum -= l[(i * n) + k] * inverse[(k * n) + col];
                }

                inverse[(i * n) + col] = sum / l[(i * n) + i];
            }
        }

        var result = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = 0.0;
                for (var k = i; k < n; k++)
                {
                    sum += inverse[(k * n) + i] * inverse[(k * n) + j];
                }

                result[(i * n) + j] = sum;
                result[(j * n) + i] = sum;
            }
        }

        return result;
    }
}
