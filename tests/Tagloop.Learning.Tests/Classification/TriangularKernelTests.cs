using Tagloop.Learning.Classification;
using Xunit;

namespace Tagloop.Learning.Tests.Classification;

public sealed class TriangularKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(37)]
    [InlineData(128)]
    public void The_inverse_factor_gives_what_forward_substitution_gives(int n)
    {
        // A random well-conditioned precision: BᵀB + I, factored.
        var random = new Random(n);
        var b = new double[n * n];
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = random.NextDouble() - 0.5;
        }

        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = i == j ? 1.0 : 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += b[(k * n) + i] * b[(k * n) + j];
                }

                a[(i * n) + j] = sum;
            }
        }

        var l = Cholesky.Factor(a, n, out _).Select(v => (float)v).ToArray();
        var padded = TriangularKernel.Padded(n);
        var upper = TriangularKernel.Pad(TriangularKernel.InverseTransposed(l, n), n);
        var full = TriangularKernel.Pad(l, n);
        for (var trial = 0; trial < 20; trial++)
        {
            // Some coordinates exactly zero, as rows outside part of the span have.
            var z = Enumerable.Range(0, n).Select(i => trial % 3 == 0 && i % 4 == 1 ? 0f : (float)(random.NextDouble() * 4 - 2)).ToArray();
            var expected = Cholesky.InverseQuadratic(l, z, new float[n]);

            // And the exact figure, zᵀA⁻¹z in double precision.
            var inverse = Cholesky.Inverse(Cholesky.Factor(a, n, out _), n);
            var exact = 0.0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    exact += z[i] * inverse[(i * n) + j] * z[j];
                }
            }

            // z in the group's third row, the other three zero: as pool scoring lays out a group's coordinates.
            var group = new float[4 * padded];
            z.CopyTo(group, 2 * padded);
            var output = new float[4 * padded];
            TriangularKernel.Multiply4(upper, padded, n, group, padded, upper: true, output);
            var actual = output.AsSpan(2 * padded, padded).ToArray().Sum(v => (double)v * v);
            Assert.Equal(expected, actual, Math.Max(1e-4, Math.Abs(expected) * 1e-4));
            Assert.Equal(exact, actual, Math.Max(1e-4, Math.Abs(exact) * 1e-4));
            Assert.All(output.AsSpan(0, 2 * padded).ToArray().Concat(output.AsSpan(3 * padded).ToArray()), v => Assert.Equal(0f, v));

            // Unstructured: zᵀM's entries, here M = L (so entry j is Σ_k z_k L[k, j]), zero beyond n.
            TriangularKernel.Multiply4(full, padded, n, group, padded, upper: false, output);
            for (var j = 0; j < n; j++)
            {
                var entry = Enumerable.Range(0, n).Sum(k => (double)z[k] * l[(k * n) + j]);
                Assert.Equal(entry, output[(2 * padded) + j], Math.Max(1e-3, Math.Abs(entry) * 1e-4));
            }

            Assert.All(output.AsSpan((2 * padded) + n, padded - n).ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Theory]
    [InlineData(5, 32, true)]
    [InlineData(37, 64, true)]
    [InlineData(37, 64, false)]
    [InlineData(384, 64, false)]
    public void Four_rows_at_once_give_each_row_times_the_matrix(int inner, int stride, bool upper)
    {
        var random = new Random(inner + stride);
        var matrix = new float[inner * stride];
        for (var k = 0; k < inner; k++)
        {
            for (var j = 0; j < stride; j++)
            {
                // Upper triangular: zero below the diagonal, and rows past the end of a column's block of 32 must not be
                // read at all, so they are poisoned.
                matrix[(k * stride) + j] = !upper || k <= j ? (float)(random.NextDouble() - 0.5) : k >= ((j / TriangularKernel.Block) + 1) * TriangularKernel.Block ? float.NaN : 0f;
            }
        }

        var zStride = inner + 3;
        var z = Enumerable.Range(0, 4 * zStride).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var output = new float[4 * stride];
        TriangularKernel.Multiply4(matrix, stride, inner, z, zStride, upper, output);
        for (var r = 0; r < 4; r++)
        {
            for (var j = 0; j < stride; j++)
            {
                var expected = 0.0;
                for (var k = 0; k < (upper ? Math.Min(inner, j + 1) : inner); k++)
                {
                    expected += z[(r * zStride) + k] * matrix[(k * stride) + j];
                }

                Assert.Equal(expected, output[(r * stride) + j], 1e-4 * (1 + Math.Abs(expected)));
            }
        }
    }
}
