using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tagloop.Learning.Classification;

/// <summary>
/// zᵀ A⁻¹ z for many rows z against one precision A = L Lᵀ, as ‖L⁻¹ z‖² with L⁻¹ worked out once: the same figure as
/// forward substitution (<see cref="Cholesky.InverseQuadratic"/>), but each row is a chain of independent SIMD
/// multiply-adds over the rows of (L⁻¹)ᵀ, blocked in registers, instead of one short dot product per unknown, each
/// waiting for the last. The same kernel gives a row's squared coordinates along a shared eigenbasis.
/// </summary>
internal static class TriangularKernel
{
    /// <summary>(L⁻¹)ᵀ, row-major n × n (upper triangular), from the lower Cholesky factor <paramref name="l"/> (row-major n × n).</summary>
    public static float[] InverseTransposed(ReadOnlySpan<float> l, int n)
    {
        var factor = new double[n * n];
        for (var e = 0; e < factor.Length; e++)
        {
            factor[e] = l[e];
        }

        var inverse = Cholesky.LowerInverse(factor, n);
        var transposed = new float[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k <= i; k++)
            {
                transposed[(k * n) + i] = (float)inverse[(i * n) + k];
            }
        }

        return transposed;
    }

    /// <summary>The column blocks of the register-blocked kernels: four 8-float vectors.</summary>
    public const int Block = 32;

    /// <summary>n rounded up to whole column blocks: the stride of the padded layouts.</summary>
    public static int Padded(int n) => (n + Block - 1) / Block * Block;

    /// <summary>An n × n row-major matrix copied into a zero-padded <see cref="Padded"/>² one.</summary>
    public static float[] Pad(ReadOnlySpan<float> matrix, int n)
    {
        var p = Padded(n);
        var padded = new float[p * p];
        for (var r = 0; r < n; r++)
        {
            matrix.Slice(r * n, n).CopyTo(padded.AsSpan(r * p));
        }

        return padded;
    }

    /// <summary>
    /// ‖M z‖² restricted as <see cref="Quadratic"/> and <see cref="Project"/> are, over padded layouts (stride
    /// <paramref name="p"/> = <see cref="Padded"/>(n); z zero beyond n): each block of 32 outputs is accumulated in four
    /// vector registers over the rows k that reach it (all rows, or k &lt; the block's end when <paramref name="upper"/>
    /// is triangular), so nothing is stored until its squares are summed. Writes the outputs' squares into
    /// <paramref name="squares"/> (p floats) when it is not empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SquaredNorm(ReadOnlySpan<float> matrix, ReadOnlySpan<float> z, int n, int p, bool upper, Span<float> squares)
    {
        if (matrix.Length < p * p || z.Length < p || p % Block != 0 || n > p)
        {
            throw new ArgumentException($"A padded {p} × {p} matrix and {p} coordinates are needed for {n}.", nameof(matrix));
        }

        if (!Vector256.IsHardwareAccelerated)
        {
            return SquaredNormScalar(matrix, z, n, p, upper, squares);
        }

        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var zz = ref MemoryMarshal.GetReference(z);
        var total = Vector256<float>.Zero;
        for (var start = 0; start < p; start += Block)
        {
            var (a0, a1, a2, a3) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
            var rows = upper ? Math.Min(n, start + Block) : n;
            for (var k = 0; k < rows; k++)
            {
                var zk = Vector256.Create(Unsafe.Add(ref zz, k));
                var at = (nuint)((k * p) + start);
                a0 = Vector256.FusedMultiplyAdd(zk, Vector256.LoadUnsafe(ref m, at), a0);
                a1 = Vector256.FusedMultiplyAdd(zk, Vector256.LoadUnsafe(ref m, at + 8), a1);
                a2 = Vector256.FusedMultiplyAdd(zk, Vector256.LoadUnsafe(ref m, at + 16), a2);
                a3 = Vector256.FusedMultiplyAdd(zk, Vector256.LoadUnsafe(ref m, at + 24), a3);
            }

            (a0, a1, a2, a3) = (a0 * a0, a1 * a1, a2 * a2, a3 * a3);
            if (!squares.IsEmpty)
            {
                a0.CopyTo(squares[start..]);
                a1.CopyTo(squares[(start + 8)..]);
                a2.CopyTo(squares[(start + 16)..]);
                a3.CopyTo(squares[(start + 24)..]);
            }

            total += a0 + a1 + a2 + a3;
        }

        return Vector256.Sum(total);
    }

    private static float SquaredNormScalar(ReadOnlySpan<float> matrix, ReadOnlySpan<float> z, int n, int p, bool upper, Span<float> squares)
    {
        var total = 0f;
        for (var j = 0; j < p; j++)
        {
            var sum = 0f;
            var rows = upper ? Math.Min(n, j + 1) : n;
            for (var k = 0; k < rows; k++)
            {
                sum += z[k] * matrix[(k * p) + j];
            }

            if (!squares.IsEmpty)
            {
                squares[j] = sum * sum;
            }

            total += sum * sum;
        }

        return total;
    }
}
