using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>The search's pruned path: pairs whose <see cref="ProjectionBound"/> falls short of the floor are skipped.</summary>
internal sealed partial class NearestVoted
{
    /// <summary>
    /// For the query quad at <paramref name="i0"/> (of the block from <paramref name="from"/>) and the tile at
    /// <paramref name="c0"/>: the pairs whose bound reaches <paramref name="floor"/> get their cosine and are recorded.
    /// </summary>
    private void Survivors(float[] q, float[] qc, float[] qr, int[] query, int from, int i0, int count, float[] u, int c0, int tile, float floor, float[] best, int[] nearest)
    {
        const int m = ProjectionBound.Dimensions;
        Span<int> passing = stackalloc int[4 * ColumnTile];
        Span<int> passed = stackalloc int[4];
        var limit = floor - ProjectionBound.Slack;
        // Two groups of 8 columns at a time: eight independent accumulators keep both multiply-add units busy.
        for (var g = 0; g < tile; g += 16)
        {
            var group = (c0 + g) / 8 * m * 8;
            var second = g + 8 < tile;
            if (Vector256.IsHardwareAccelerated)
            {
                ref var coordinates = ref MemoryMarshal.GetArrayDataReference(groupedCoordinates);
                ref var quad = ref MemoryMarshal.GetArrayDataReference(qc);
                var a0 = Vector256<float>.Zero;
                var a1 = Vector256<float>.Zero;
                var a2 = Vector256<float>.Zero;
                var a3 = Vector256<float>.Zero;
                var b0 = Vector256<float>.Zero;
                var b1 = Vector256<float>.Zero;
                var b2 = Vector256<float>.Zero;
                var b3 = Vector256<float>.Zero;
                var q0 = (nuint)(i0 * m);
                var next = (nuint)(second ? m * 8 : 0);
                for (nuint k = 0; k < m; k++)
                {
                    var c = Vector256.LoadUnsafe(ref coordinates, (nuint)group + (k * 8));
                    var d = Vector256.LoadUnsafe(ref coordinates, (nuint)group + next + (k * 8));
                    var x = Vector256.Create(Unsafe.Add(ref quad, q0 + k));
                    a0 = Vector256.MultiplyAddEstimate(x, c, a0);
                    b0 = Vector256.MultiplyAddEstimate(x, d, b0);
                    x = Vector256.Create(Unsafe.Add(ref quad, q0 + m + k));
                    a1 = Vector256.MultiplyAddEstimate(x, c, a1);
                    b1 = Vector256.MultiplyAddEstimate(x, d, b1);
                    x = Vector256.Create(Unsafe.Add(ref quad, q0 + (2 * m) + k));
                    a2 = Vector256.MultiplyAddEstimate(x, c, a2);
                    b2 = Vector256.MultiplyAddEstimate(x, d, b2);
                    x = Vector256.Create(Unsafe.Add(ref quad, q0 + (3 * m) + k));
                    a3 = Vector256.MultiplyAddEstimate(x, c, a3);
                    b3 = Vector256.MultiplyAddEstimate(x, d, b3);
                }

                ref var residuals = ref MemoryMarshal.GetArrayDataReference(columnResidual);
                var r = Vector256.LoadUnsafe(ref residuals, (nuint)(c0 + g));
                var s = second ? Vector256.LoadUnsafe(ref residuals, (nuint)(c0 + g + 8)) : Vector256<float>.Zero;
                var floorVector = Vector256.Create(limit);
                Span<Vector256<float>> sums = [a0, a1, a2, a3];
                Span<Vector256<float>> nexts = [b0, b1, b2, b3];
                for (var i = 0; i < count; i++)
                {
                    var qi = Vector256.Create(qr[i0 + i]);
                    var low = Vector256.GreaterThanOrEqual(Vector256.MultiplyAddEstimate(qi, r, sums[i]), floorVector).ExtractMostSignificantBits();
                    var high = second ? Vector256.GreaterThanOrEqual(Vector256.MultiplyAddEstimate(qi, s, nexts[i]), floorVector).ExtractMostSignificantBits() : 0;
                    Pass(i, low | (high << 8), passing, passed);
                }
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    var bits = 0u;
                    for (var l = 0; l < 16 && g + l < tile; l++)
                    {
                        var at = (((c0 + g + l) / 8 * m) * 8) + ((c0 + g + l) % 8);
                        var upper = qr[i0 + i] * columnResidual[c0 + g + l];
                        for (var k = 0; k < m; k++)
                        {
                            upper += qc[((i0 + i) * m) + k] * groupedCoordinates[at + (k * 8)];
                        }

                        bits |= upper >= limit ? 1u << l : 0;
                    }

                    Pass(i, bits, passing, passed);
                }
            }

            void Pass(int i, uint bits, Span<int> passing, Span<int> passed)
            {
                for (; bits != 0; bits &= bits - 1)
                {
                    var j = g + System.Numerics.BitOperations.TrailingZeroCount(bits);
                    if (j < tile)
                    {
                        passing[(i * ColumnTile) + passed[i]++] = j;
                    }
                }
            }
        }

        // Each row's passing columns, in column order (so ties still go to the lower document), four at a time.
        for (var i = 0; i < count; i++)
        {
            var row = q.AsSpan((i0 + i) * padded, padded);
            var list = passing.Slice(i * ColumnTile, passed[i]);
            var k = 0;
            for (; k + 4 <= list.Length; k += 4)
            {
                var (s0, s1, s2, s3) = Dots4(row, u, list[k] * padded, list[k + 1] * padded, list[k + 2] * padded, list[k + 3] * padded);
                RecordPair(query, from + i0 + i, c0 + list[k], s0, floor, best, nearest);
                RecordPair(query, from + i0 + i, c0 + list[k + 1], s1, floor, best, nearest);
                RecordPair(query, from + i0 + i, c0 + list[k + 2], s2, floor, best, nearest);
                RecordPair(query, from + i0 + i, c0 + list[k + 3], s3, floor, best, nearest);
            }

            for (; k < list.Length; k++)
            {
                RecordPair(query, from + i0 + i, c0 + list[k], Dot(row, u.AsSpan(list[k] * padded, padded)), floor, best, nearest);
            }
        }
    }

    /// <summary>One row's dot products with four rows of <paramref name="u"/> (at the offsets given), each added as <see cref="Kernel"/> adds it.</summary>
    private static (float, float, float, float) Dots4(ReadOnlySpan<float> row, float[] u, int o0, int o1, int o2, int o3)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            var p = row.Length;
            return (TensorPrimitives.Dot(row, u.AsSpan(o0, p)), TensorPrimitives.Dot(row, u.AsSpan(o1, p)), TensorPrimitives.Dot(row, u.AsSpan(o2, p)), TensorPrimitives.Dot(row, u.AsSpan(o3, p)));
        }

        ref var x = ref MemoryMarshal.GetReference(row);
        ref var b = ref MemoryMarshal.GetArrayDataReference(u);
        ref var b0 = ref Unsafe.Add(ref b, o0);
        ref var b1 = ref Unsafe.Add(ref b, o1);
        ref var b2 = ref Unsafe.Add(ref b, o2);
        ref var b3 = ref Unsafe.Add(ref b, o3);
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        for (nuint k = 0; k < (nuint)row.Length; k += 8)
        {
            var v = Vector256.LoadUnsafe(ref x, k);
            a0 = Vector256.MultiplyAddEstimate(v, Vector256.LoadUnsafe(ref b0, k), a0);
            a1 = Vector256.MultiplyAddEstimate(v, Vector256.LoadUnsafe(ref b1, k), a1);
            a2 = Vector256.MultiplyAddEstimate(v, Vector256.LoadUnsafe(ref b2, k), a2);
            a3 = Vector256.MultiplyAddEstimate(v, Vector256.LoadUnsafe(ref b3, k), a3);
        }

        return (Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
    }

    /// <summary>Whether skipping pairs by the bound pays at <paramref name="floor"/>: few of a sample of pairs pass it.</summary>
    private bool Prunes(float floor)
    {
        if (!boundTried)
        {
            boundTried = true;
            if (dimension >= 2 * ProjectionBound.Dimensions && columns.Length > 0)
            {
                var fitted = ProjectionBound.Fit(vectors.Rows, dimension, padded, Pack, seed: 17);
                var m = ProjectionBound.Dimensions;
                // Whole groups of 8 (the last padded with zero columns, which the tiles never reach).
                var groups = (columns.Length + 7) / 8;
                var grouped = new float[groups * 8 * m];
                var residual = new float[groups * 8];
                var row = new float[padded];
                Span<float> coordinates = stackalloc float[m];
                for (var c = 0; c < columns.Length; c++)
                {
                    Pack(columns[c], row);
                    residual[c] = fitted.Project(row, coordinates);
                    for (var k = 0; k < m; k++)
                    {
                        grouped[((c / 8 * m) + k) * 8 + (c % 8)] = coordinates[k];
                    }
                }

                (bound, groupedCoordinates, columnResidual) = (fitted, grouped, residual);
            }
        }

        if (bound is null)
        {
            return false;
        }

        // The share of pairs of columns (a stand-in for queries, which come from the same corpus) that pass.
        const int m2 = ProjectionBound.Dimensions;
        var random = new Random(23);
        var passing = 0;
        const int pairs = 4096;
        for (var t = 0; t < pairs; t++)
        {
            var a = random.Next(columns.Length);
            var b = random.Next(columns.Length);
            var upper = (columnResidual[a] * columnResidual[b]) + ProjectionBound.Slack;
            for (var k = 0; k < m2; k++)
            {
                upper += groupedCoordinates[(((a / 8 * m2) + k) * 8) + (a % 8)] * groupedCoordinates[(((b / 8 * m2) + k) * 8) + (b % 8)];
            }

            passing += upper >= floor ? 1 : 0;
        }

        return passing < MostPassing * pairs;
    }
}
