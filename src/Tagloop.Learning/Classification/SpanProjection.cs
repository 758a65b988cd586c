using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Classification;

/// <summary>
/// Every corpus row's coordinates in the span of the labelled rows, kept up to date as labels arrive: the span is
/// grown by an incremental Cholesky factorisation in labelling order, so a new label adds at most one basis vector
/// and one column of coordinates (one kernel evaluation per corpus row) instead of recomputing them all. Undoing a
/// label that is a pivot, or reordering, starts again. Capped at a rank: later labels fall inside the span's
/// directions (their own are left out, which can only widen the posterior). Not thread-safe: one per corpus, used by
/// one trainer.
/// <para>
/// The corpus's coordinates are stored in half precision, in blocks of <see cref="BlockRows"/> rows (a million rows
/// at rank 128 are 256 MB, and widening the rank copies one block at a time); they feed the pool's predictive
/// variances, where 11 significant bits are plenty. The labelled rows' coordinates, which the fit reads and the
/// factorisation is built from, are kept exactly (in single precision) beside them, so that rounding never makes a
/// near-duplicate of a labelled row look like a new direction.
/// </para>
/// </summary>
public sealed class SpanProjection
{
    /// <summary>Rows per block of stored coordinates.</summary>
    public const int BlockRows = 4096;

    private static int lastId;

    // Pivot keys carry the projection's id, so that a model's span is never taken for another projection's.
    private readonly long id = Interlocked.Increment(ref lastId);
    private readonly int maxRank;
    private readonly List<int> pivots = [];
    private readonly HashSet<int> considered = [];
    private readonly Dictionary<int, float[]> exact = [];

    // The same arrays by corpus row (null for the rest), for the pass over every row that adds a column.
    private float[]?[] exactByRow;
    private FeatureRows corpus;
    private float[] center;
    private Half[][] blocks;
    private double[] norms;
    private readonly double[] factor;
    private int capacity;

    public SpanProjection(FeatureRows corpus, int maxRank)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRank, 0);
        this.corpus = corpus;
        this.maxRank = maxRank;
        center = corpus.Dense?.Center ?? [];
        capacity = Math.Min(maxRank, 8);
        blocks = NewBlocks(corpus.Rows, capacity);
        norms = Norms(corpus, 0, corpus.Rows, center);
        factor = new double[maxRank * maxRank];
        exactByRow = new float[]?[corpus.Rows];
    }

    public int Rank => pivots.Count;

    /// <summary>The corpus rows that make the span, in the order they joined it.</summary>
    public IReadOnlyList<int> Pivots => pivots;

    /// <summary>The key a basis records for a pivot of this projection.</summary>
    public long KeyOf(int row) => (id << 32) | (uint)row;

    public FeatureRows Corpus => corpus;

    /// <summary>A labelled row's exact coordinates (the first <see cref="Rank"/> floats): rows given to the last <see cref="Update"/> only.</summary>
    public ReadOnlySpan<float> CoordinatesOf(int row) =>
        exact.TryGetValue(row, out var z) ? z.AsSpan(0, Rank) : throw new ArgumentException($"Row {row} is not labelled: read it with CopyCoordinates.", nameof(row));

    /// <summary>Any row's first <paramref name="destination"/>.Length (at most <see cref="Rank"/>) stored coordinates, to half precision.</summary>
    public void CopyCoordinates(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(destination.Length, Rank);
        TensorPrimitives.ConvertToSingle(Stored(row)[..destination.Length], destination);
    }

    /// <summary>Row <paramref name="row"/>'s squared norm (dense block centred).</summary>
    public double NormOf(int row) => norms[row];

    /// <summary>
    /// Brings the span up to the labelled rows (corpus rows; those new since the last call join in the order given)
    /// over <paramref name="rows"/> — the same features as last time, or the span starts again — and returns the basis
    /// as it now stands. Only the first <paramref name="pivotCandidates"/> rows may widen the span; the rest (weak
    /// labels, which would otherwise take the capped rank from later answers) get their exact coordinates in it only.
    /// </summary>
    public SpanBasis Update(FeatureRows rows, IReadOnlyList<int> labelledInOrder, int pivotCandidates = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labelledInOrder);
        var labelled = new HashSet<int>(labelledInOrder);

        // Other features (new documents re-weigh every row's TF-IDF and move the centre) or a pivot no longer
        // labelled: the coordinates held are stale, start again.
        if (!ReferenceEquals(rows, corpus) || pivots.Any(p => !labelled.Contains(p)))
        {
            Reset(rows);
        }

        corpus = rows;
        considered.IntersectWith(labelled);
        foreach (var row in exact.Keys.Where(r => !labelled.Contains(r)).ToList())
        {
            exact.Remove(row);
            exactByRow[row] = null;
        }

        foreach (var row in labelledInOrder)
        {
            if (!exact.ContainsKey(row))
            {
                exact[row] = ExactCoordinates(row);
                exactByRow[row] = exact[row];
            }
        }

        // Room for every new label at once (the first training of a project with hundreds of answers would otherwise
        // widen four times, leaving each narrower copy behind for the collector).
        var candidates = labelledInOrder.Take(pivotCandidates).ToList();
        var newRows = candidates.Count(r => !considered.Contains(r));
        if (pivots.Count + newRows > capacity && capacity < maxRank)
        {
            Widen(Math.Min(maxRank, Math.Max(capacity * 2, pivots.Count + newRows)));
        }

        foreach (var row in candidates)
        {
            if (pivots.Count >= maxRank)
            {
                break;
            }

            if (considered.Add(row))
            {
                TryAddPivot(row);
            }
        }

        return Basis();
    }

    /// <summary>The span of the corpus's own rows, for a fit with no projection to share (cross-validation folds, a one-off fit).</summary>
    public static SpanProjection Of(FeatureRows rows, int maxRank)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var projection = new SpanProjection(rows, maxRank);
        projection.Update(rows, [.. Enumerable.Range(0, rows.Rows)]);
        return projection;
    }

    private void Reset(FeatureRows rows)
    {
        corpus = rows;
        center = rows.Dense?.Center ?? [];
        pivots.Clear();
        considered.Clear();
        exact.Clear();
        exactByRow = new float[]?[rows.Rows];
        capacity = Math.Min(maxRank, 8);
        blocks = NewBlocks(rows.Rows, capacity);
        norms = Norms(rows, 0, rows.Rows, center);
    }

    private static Half[][] NewBlocks(int rows, int width)
    {
        var result = new Half[(rows + BlockRows - 1) / BlockRows][];
        for (var b = 0; b < result.Length; b++)
        {
            result[b] = new Half[Math.Min(BlockRows, rows - (b * BlockRows)) * width];
        }

        return result;
    }

    private Span<Half> Stored(int row) => blocks[row / BlockRows].AsSpan(row % BlockRows * capacity, capacity);

    /// <summary>A row's coordinates in the span as it stands, from its kernel with each pivot (forward substitution through the factor).</summary>
    private float[] ExactCoordinates(int row)
    {
        var z = new float[maxRank];
        var (rowDense, pivotDense) = DenseBuffers();
        for (var t = 0; t < pivots.Count; t++)
        {
            var sum = Kernel(row, pivots[t], rowDense, pivotDense);
            for (var s = 0; s < t; s++)
            {
                sum -= factor[(t * maxRank) + s] * z[s];
            }

            z[t] = (float)(sum / factor[(t * maxRank) + t]);
        }

        return z;
    }

    private (float[] A, float[] B) DenseBuffers() => corpus.Dense is { } dense ? (new float[dense.Dimension], new float[dense.Dimension]) : ([], []);

    /// <summary>x_a · x_b, the dense blocks centred.</summary>
    private double Kernel(int a, int b, float[] denseA, float[] denseB)
    {
        double dot = corpus.Sparse is { } sparse ? SparseKernel.Dot(sparse, a, sparse, b) : 0f;
        if (corpus.Dense is { } dense)
        {
            dense.CopyRow(a, denseA);
            dense.CopyRow(b, denseB);
            if (center.Length > 0)
            {
                TensorPrimitives.Subtract(denseA, center, denseA);
                TensorPrimitives.Subtract(denseB, center, denseB);
            }

            dot += TensorPrimitives.Dot<float>(denseA, denseB);
        }

        return dot;
    }

    private void TryAddPivot(int row)
    {
        var rank = pivots.Count;
        var z = exact[row].AsSpan(0, rank);
        var residual = norms[row] - TensorPrimitives.Dot<float>(z, z);

        // A row the span already holds (to rounding) adds no direction.
        if (residual <= 1e-6 * Math.Max(norms[row], 1e-12))
        {
            return;
        }

        if (rank == capacity)
        {
            Widen(Math.Min(maxRank, capacity * 2));
        }

        var root = Math.Sqrt(residual);
        for (var s = 0; s < rank; s++)
        {
            factor[(rank * maxRank) + s] = z[s];
        }

        factor[(rank * maxRank) + rank] = root;

        // The new column for every row y: (x · y − z_x · z_y) / √residual; for the labelled rows from their exact
        // coordinates, and kept exactly.
        var pivotCoordinates = z.ToArray();
        var n = corpus.Rows;
        var dense = corpus.Dense;
        var pivotRow = dense is null ? [] : new float[dense.Dimension];
        if (dense is not null)
        {
            dense.CopyRow(row, pivotRow);
            if (center.Length > 0)
            {
                TensorPrimitives.Subtract(pivotRow, center, pivotRow);
            }
        }

        var pivotAtCenter = center.Length > 0 ? TensorPrimitives.Dot(pivotRow, center) : 0f;
        Parallel.For(0, blocks.Length, block =>
        {
            var buffer = dense is null ? [] : new float[dense.Dimension];
            var stored = new float[rank];
            var end = Math.Min(n, (block + 1) * BlockRows);
            for (var y = block * BlockRows; y < end; y++)
            {
                var dot = corpus.Sparse is { } sparse ? SparseKernel.Dot(sparse, row, sparse, y) : 0f;
                if (dense is not null)
                {
                    dense.CopyRow(y, buffer);
                    dot += TensorPrimitives.Dot(pivotRow, buffer) - pivotAtCenter;
                }

                var at = Stored(y);
                if (exactByRow[y] is { } exactRow)
                {
                    exactRow[rank] = (float)((dot - TensorPrimitives.Dot(pivotCoordinates, exactRow.AsSpan(0, rank))) / root);
                    at[rank] = (Half)exactRow[rank];
                    continue;
                }

                TensorPrimitives.ConvertToSingle(at[..rank], stored);
                var projected = TensorPrimitives.Dot(pivotCoordinates, stored);
                at[rank] = (Half)((dot - projected) / root);
            }
        });
        exact[row][rank] = (float)root;
        pivots.Add(row);
    }

    /// <summary>Widens the stored rank, a block at a time (the old and new copies of one block are all that coexist).</summary>
    private void Widen(int wider)
    {
        for (var b = 0; b < blocks.Length; b++)
        {
            var rows = blocks[b].Length / capacity;
            var grown = new Half[rows * wider];
            for (var r = 0; r < rows; r++)
            {
                blocks[b].AsSpan(r * capacity, pivots.Count).CopyTo(grown.AsSpan(r * wider));
            }

            blocks[b] = grown;
        }

        capacity = wider;
    }

    /// <summary>The basis as it stands, without changing anything (safe to call from several threads between updates).</summary>
    public SpanBasis Basis()
    {
        var rank = pivots.Count;
        var l = new float[rank * rank];
        for (var i = 0; i < rank; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                l[(i * rank) + j] = (float)factor[(i * maxRank) + j];
            }
        }

        var sparse = corpus.Sparse?.SelectRows(pivots);
        DenseMatrix? dense = null;
        if (corpus.Dense is { } rows && rank > 0)
        {
            var picked = rows.SelectRows(pivots);
            var values = new float[rank * rows.Dimension];
            for (var t = 0; t < rank; t++)
            {
                var target = values.AsSpan(t * rows.Dimension, rows.Dimension);
                picked.Row(t).CopyTo(target);
                if (center.Length > 0)
                {
                    TensorPrimitives.Subtract(target, center, target);
                }
            }

            dense = new DenseMatrix(rows.Dimension, values);
        }

        return new SpanBasis(sparse, dense, l, [.. pivots.Select(KeyOf)]);
    }

    private static double[] Norms(FeatureRows rows, int from, int to, float[] center)
    {
        var norms = new double[to - from];
        var buffer = rows.Dense is null ? [] : new float[rows.Dense.Dimension];
        for (var r = from; r < to; r++)
        {
            var norm = 0.0;
            if (rows.Sparse is { } sparse)
            {
                norm += sparse.Row(r).SquaredNorm();
            }

            if (rows.Dense is { } dense)
            {
                dense.CopyRow(r, buffer);
                if (center.Length > 0)
                {
                    TensorPrimitives.Subtract(buffer, center, buffer);
                }

                norm += TensorPrimitives.Dot(buffer, buffer);
            }

            norms[r - from] = norm;
        }

        return norms;
    }
}
