using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Classification;

/// <summary>
/// The span of the labelled rows, as the rows that make it (the pivots: labelled rows in the order they were
/// labelled, less those already inside the span of earlier ones) and the Cholesky factor L of their kernel
/// matrix K = X Xᵀ over both blocks (the dense one centred). A row's coordinates in the orthonormal basis are
/// z = L⁻¹ k, with k_t = pivot_t · x: what the posterior needs to tell directions the labels pinned down from those
/// they never touched. Immutable.
/// </summary>
public sealed class SpanBasis
{
    public SpanBasis(SparseMatrix? pivotSparse, DenseMatrix? pivotDense, float[] factor, long[] keys)
    {
        ArgumentNullException.ThrowIfNull(factor);
        ArgumentNullException.ThrowIfNull(keys);
        Rank = keys.Length;
        if (factor.Length != Rank * Rank || (pivotSparse is not null && pivotSparse.Rows != Rank) || (pivotDense is not null && pivotDense.Rows != Rank && Rank > 0))
        {
            throw new ArgumentException("The span's pivots and factor do not agree.");
        }

        PivotSparse = pivotSparse;
        PivotDense = pivotDense;
        Factor = factor;
        Keys = keys;
    }

    public static SpanBasis Empty { get; } = new(null, null, [], []);

    public int Rank { get; }

    /// <summary>The pivots' sparse blocks (rank rows).</summary>
    public SparseMatrix? PivotSparse { get; }

    /// <summary>The pivots' dense blocks, centred (rank × dimension).</summary>
    public DenseMatrix? PivotDense { get; }

    /// <summary>L, lower triangular, rank × rank, row-major.</summary>
    public float[] Factor { get; }

    /// <summary>Which rows the pivots were, for matching coordinates a <see cref="SpanProjection"/> already holds.</summary>
    public long[] Keys { get; }

    /// <summary>
    /// The coordinates of row <paramref name="row"/> of <paramref name="x"/>; <paramref name="center"/> is subtracted
    /// from its dense block. Returns the row's squared norm (dense block centred).
    /// </summary>
    public double Coordinates(FeatureRows x, int row, float[]? center, Span<float> z, Span<float> denseRow)
    {
        ArgumentNullException.ThrowIfNull(x);
        var norm = 0.0;
        z[..Rank].Clear();
        if (x.Sparse is { } sparse)
        {
            norm += sparse.Row(row).SquaredNorm();
            for (var t = 0; t < Rank && PivotSparse is not null; t++)
            {
                z[t] = SparseKernel.Dot(PivotSparse, t, sparse, row);
            }
        }

        if (x.Dense is { } dense && PivotDense is not null)
        {
            var d = denseRow[..dense.Dimension];
            dense.CopyRow(row, d);
            if (center is not null)
            {
                TensorPrimitives.Subtract(d, center, d);
            }

            norm += TensorPrimitives.Dot(d, d);
            for (var t = 0; t < Rank; t++)
            {
                z[t] += TensorPrimitives.Dot(PivotDense.Row(t), d);
            }
        }

        ForwardSolve(Factor, Rank, z);
        return norm;
    }

    /// <summary>Solves L y = z in place.</summary>
    public static void ForwardSolve(ReadOnlySpan<float> l, int rank, Span<float> z)
    {
        for (var i = 0; i < rank; i++)
        {
            z[i] = (z[i] - TensorPrimitives.Dot(l.Slice(i * rank, i), z[..i])) / l[(i * rank) + i];
        }
    }
}
