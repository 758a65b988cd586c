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
/// </summary>
public sealed class SpanProjection
{
    private static int lastId;

    // Pivot keys carry the projection's id, so that a model's span is never taken for another projection's.
    private readonly long id = Interlocked.Increment(ref lastId);
    private readonly int maxRank;
    private readonly List<int> pivots = [];
    private readonly HashSet<int> considered = [];
    private FeatureRows corpus;
    private float[] center;
    private float[] coordinates;
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
        coordinates = new float[corpus.Rows * capacity];
        norms = Norms(corpus, 0, corpus.Rows, center);
        factor = new double[maxRank * maxRank];
    }

    public int Rank => pivots.Count;

    /// <summary>The corpus rows that make the span, in the order they joined it.</summary>
    public IReadOnlyList<int> Pivots => pivots;

    /// <summary>The key a basis records for a pivot of this projection.</summary>
    public long KeyOf(int row) => (id << 32) | (uint)row;

    public FeatureRows Corpus => corpus;

    /// <summary>Row <paramref name="row"/>'s coordinates (the first <see cref="Rank"/> floats).</summary>
    public ReadOnlySpan<float> CoordinatesOf(int row) => coordinates.AsSpan(row * capacity, Rank);

    /// <summary>Row <paramref name="row"/>'s squared norm (dense block centred).</summary>
    public double NormOf(int row) => norms[row];

    /// <summary>
    /// Brings the span up to the labelled rows (corpus rows; those new since the last call join in the order given)
    /// over <paramref name="rows"/> — the same features as last time, or the span starts again — and returns the basis
    /// as it now stands.
    /// </summary>
    public SpanBasis Update(FeatureRows rows, IReadOnlyList<int> labelledInOrder)
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
        foreach (var row in labelledInOrder)
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
        capacity = Math.Min(maxRank, 8);
        coordinates = new float[rows.Rows * capacity];
        norms = Norms(rows, 0, rows.Rows, center);
    }

    private void TryAddPivot(int row)
    {
        var rank = pivots.Count;
        var z = coordinates.AsSpan(row * capacity, rank);
        var residual = norms[row] - TensorPrimitives.Dot<float>(z, z);

        // A row the span already holds (to rounding) adds no direction.
        if (residual <= 1e-6 * Math.Max(norms[row], 1e-12))
        {
            return;
        }

        if (rank == capacity)
        {
            Widen();
            z = coordinates.AsSpan(row * capacity, rank);
        }

        var root = Math.Sqrt(residual);
        for (var s = 0; s < rank; s++)
        {
            factor[(rank * maxRank) + s] = z[s];
        }

        factor[(rank * maxRank) + rank] = root;

        // The new column for every row y: (x · y − z_x · z_y) / √residual.
        var pivotCoordinates = z.ToArray();
        var n = corpus.Rows;
        var dense = corpus.Dense;
        var pivotDense = dense is null ? [] : new float[dense.Dimension];
        if (dense is not null)
        {
            dense.CopyRow(row, pivotDense);
            if (center.Length > 0)
            {
                TensorPrimitives.Subtract(pivotDense, center, pivotDense);
            }
        }

        var pivotAtCenter = center.Length > 0 ? TensorPrimitives.Dot(pivotDense, center) : 0f;
        const int Block = 4096;
        Parallel.For(0, (n + Block - 1) / Block, block =>
        {
            var buffer = dense is null ? [] : new float[dense.Dimension];
            var end = Math.Min(n, (block + 1) * Block);
            for (var y = block * Block; y < end; y++)
            {
                var dot = corpus.Sparse is { } sparse ? SparseKernel.Dot(sparse, row, sparse, y) : 0f;
                if (dense is not null)
                {
                    dense.CopyRow(y, buffer);
                    dot += TensorPrimitives.Dot(pivotDense, buffer) - pivotAtCenter;
                }

                var at = y * capacity;
                var projected = TensorPrimitives.Dot(pivotCoordinates, coordinates.AsSpan(at, rank));
                coordinates[at + rank] = (float)((dot - projected) / root);
            }
        });
        pivots.Add(row);
    }

    private void Widen()
    {
        var wider = Math.Min(maxRank, capacity * 2);
        var grown = new float[corpus.Rows * wider];
        for (var r = 0; r < corpus.Rows; r++)
        {
            coordinates.AsSpan(r * capacity, pivots.Count).CopyTo(grown.AsSpan(r * wider));
        }

        coordinates = grown;
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
                var values = sparse.RowValues(r);
                norm += TensorPrimitives.Dot(values, values);
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
