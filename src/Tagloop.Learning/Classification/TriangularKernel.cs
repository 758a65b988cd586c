using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tagloop.Learning.Classification;

/// <summary>
/// zᵀ A⁻¹ z for many rows z against one precision A = L Lᵀ, as ‖L⁻¹ z‖² with L⁻¹ worked out once: the same figure as
/// forward substitution (<see cref="Cholesky.InverseQuadratic"/>), but rows go four at a time through independent
/// SIMD multiply-adds over the rows of (L⁻¹)ᵀ, blocked in registers, instead of one short dot product per unknown,
/// each waiting for the last. The same kernel gives rows' coordinates along a shared eigenbasis, dense means with
/// many classes, and cosines to the labelled rows.
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

    /// <summary>The rows the blocked kernels take at once: each matrix load feeds four rows' multiply-adds.</summary>
    public const int RowGroup = 4;

    /// <summary>
    /// <see cref="RowGroup"/> rows at once: output[r] = zᵣ M for the rows zᵣ = z[r·zStride ..] (zero beyond
    /// <paramref name="inner"/>) and M row-major with <paramref name="stride"/> columns (a multiple of <see cref="Block"/>):
    /// output is <see cref="RowGroup"/> × stride. Each block of 32 outputs of the four rows is accumulated in sixteen
    /// vector registers, so every load of M serves four rows and sixteen independent multiply-add chains keep both FMA
    /// units busy (one row at a time waits on four chains and on a load per multiply-add). With
    /// <paramref name="upper"/>, M is upper triangular and block j only reads rows k &lt; its end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply4(ReadOnlySpan<float> matrix, int stride, int inner, ReadOnlySpan<float> z, int zStride, bool upper, Span<float> output)
    {
        if (stride % Block != 0 || matrix.Length < inner * stride || z.Length < (3 * zStride) + inner || output.Length < RowGroup * stride || zStride < inner)
        {
            throw new ArgumentException($"A {inner} × {stride} matrix (stride a multiple of {Block}), four rows of {inner} coordinates and four outputs of {stride} are needed.", nameof(matrix));
        }

        if (!Vector256.IsHardwareAccelerated)
        {
            for (var r = 0; r < RowGroup; r++)
            {
                for (var j = 0; j < stride; j++)
                {
                    var sum = 0f;
                    var rows = upper ? Math.Min(inner, j + 1) : inner;
                    for (var k = 0; k < rows; k++)
                    {
                        sum += z[(r * zStride) + k] * matrix[(k * stride) + j];
                    }

                    output[(r * stride) + j] = sum;
                }
            }

            return;
        }

        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var z0 = ref MemoryMarshal.GetReference(z);
        ref var z1 = ref Unsafe.Add(ref z0, zStride);
        ref var z2 = ref Unsafe.Add(ref z1, zStride);
        ref var z3 = ref Unsafe.Add(ref z2, zStride);
        ref var o = ref MemoryMarshal.GetReference(output);
        for (var start = 0; start < stride; start += Block)
        {
            var (a0, a1, a2, a3) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
            var (b0, b1, b2, b3) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
            var (c0, c1, c2, c3) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
            var (d0, d1, d2, d3) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
            var rows = upper ? Math.Min(inner, start + Block) : inner;
            for (var k = 0; k < rows; k++)
            {
                var at = (nuint)((k * stride) + start);
                var m0 = Vector256.LoadUnsafe(ref m, at);
                var m1 = Vector256.LoadUnsafe(ref m, at + 8);
                var m2 = Vector256.LoadUnsafe(ref m, at + 16);
                var m3 = Vector256.LoadUnsafe(ref m, at + 24);
                var v = Vector256.Create(Unsafe.Add(ref z0, k));
                a0 = Vector256.FusedMultiplyAdd(v, m0, a0);
                a1 = Vector256.FusedMultiplyAdd(v, m1, a1);
                a2 = Vector256.FusedMultiplyAdd(v, m2, a2);
                a3 = Vector256.FusedMultiplyAdd(v, m3, a3);
                v = Vector256.Create(Unsafe.Add(ref z1, k));
                b0 = Vector256.FusedMultiplyAdd(v, m0, b0);
                b1 = Vector256.FusedMultiplyAdd(v, m1, b1);
                b2 = Vector256.FusedMultiplyAdd(v, m2, b2);
                b3 = Vector256.FusedMultiplyAdd(v, m3, b3);
                v = Vector256.Create(Unsafe.Add(ref z2, k));
                c0 = Vector256.FusedMultiplyAdd(v, m0, c0);
                c1 = Vector256.FusedMultiplyAdd(v, m1, c1);
                c2 = Vector256.FusedMultiplyAdd(v, m2, c2);
                c3 = Vector256.FusedMultiplyAdd(v, m3, c3);
                v = Vector256.Create(Unsafe.Add(ref z3, k));
                d0 = Vector256.FusedMultiplyAdd(v, m0, d0);
                d1 = Vector256.FusedMultiplyAdd(v, m1, d1);
                d2 = Vector256.FusedMultiplyAdd(v, m2, d2);
                d3 = Vector256.FusedMultiplyAdd(v, m3, d3);
            }

            Store(ref o, (nuint)start, a0, a1, a2, a3);
            Store(ref o, (nuint)(stride + start), b0, b1, b2, b3);
            Store(ref o, (nuint)((2 * stride) + start), c0, c1, c2, c3);
            Store(ref o, (nuint)((3 * stride) + start), d0, d1, d2, d3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float destination, nuint at, Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        v0.StoreUnsafe(ref destination, at);
        v1.StoreUnsafe(ref destination, at + 8);
        v2.StoreUnsafe(ref destination, at + 16);
        v3.StoreUnsafe(ref destination, at + 24);
    }
}
