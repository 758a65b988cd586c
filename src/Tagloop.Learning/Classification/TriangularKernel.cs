using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tagloop.Learning.Classification;

/// <summary>
/// zᵀ A⁻¹ z for many rows z against one precision A = L Lᵀ, as ‖L⁻¹ z‖² with L⁻¹ worked out once: the same figure as
/// forward substitution (<see cref="Cholesky.InverseQuadratic"/>), but each row is a chain of independent SIMD
/// multiply-adds over the rows of (L⁻¹)ᵀ instead of one short dot product per unknown, each waiting for the last.
/// </summary>
internal static class TriangularKernel
{
    /// <summary>(L⁻¹)ᵀ, row-major n × n (upper triangular), from the lower Cholesky factor <paramref name="l"/> (row-major n × n).</summary>
    public static float[] InverseTransposed(ReadOnlySpan<float> l, int n)
    {
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

    /// <summary>‖L⁻¹ z‖², with <paramref name="upper"/> = (L⁻¹)ᵀ from <see cref="InverseTransposed"/>; <paramref name="work"/> holds n floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Quadratic(ReadOnlySpan<float> upper, ReadOnlySpan<float> z, Span<float> work)
    {
        var n = z.Length;
        if (upper.Length < n * n || work.Length < n)
        {
            throw new ArgumentException($"A {n} × {n} factor and {n} floats of work are needed.", nameof(upper));
        }

        work[..n].Clear();
        ref var y = ref MemoryMarshal.GetReference(work);
        ref var u = ref MemoryMarshal.GetReference(upper);
        var width = Vector<float>.Count;
        var whole = n - (n % width);
        for (var k = 0; k < n; k++)
        {
            var zk = z[k];
            if (zk == 0)
            {
                continue;
            }

            // Row k of (L⁻¹)ᵀ is zero left of the diagonal: start at the vector holding it (the zeros add nothing).
            var rowStart = (nuint)(k * n);
            var i = k - (k % width);
            var scale = new Vector<float>(zk);
            for (; i < whole; i += width)
            {
                var sum = Vector.LoadUnsafe(ref y, (nuint)i) + (scale * Vector.LoadUnsafe(ref u, rowStart + (nuint)i));
                sum.StoreUnsafe(ref y, (nuint)i);
            }

            for (; i < n; i++)
            {
                Unsafe.Add(ref y, i) += zk * Unsafe.Add(ref u, (int)rowStart + i);
            }
        }

        return System.Numerics.Tensors.TensorPrimitives.Dot(work[..n], work[..n]);
    }
}
