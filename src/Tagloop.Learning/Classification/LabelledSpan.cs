using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Classification;

/// <summary>
/// An orthonormal basis of the span of labelled rows — sparse and dense blocks together — found by a pivoted
/// Cholesky factorisation of their kernel matrix K = X Xᵀ (greedy: the row least explained by the basis so far comes
/// next), capped at a rank. The labelled rows' coordinates in it come with the factorisation; any other row's come
/// from the basis itself, kept feature by feature for the sparse block so that a row reads one short run per
/// non-zero. Outside this span the data say nothing and a weight's posterior is its prior.
/// </summary>
internal sealed class LabelledSpan
{
    private LabelledSpan(int rank, double[] coordinates, double[] sparseBasis, double[] denseBasis, int[] pivots)
    {
        Rank = rank;
        Coordinates = coordinates;
        SparseBasis = sparseBasis;
        DenseBasis = denseBasis;
        Pivots = pivots;
    }

    public int Rank { get; }

    /// <summary>Each labelled row's coordinates (rows × rank).</summary>
    public double[] Coordinates { get; }

    /// <summary>The basis's sparse part, feature by feature (features × rank, indexed by the fit's local feature index).</summary>
    public double[] SparseBasis { get; }

    /// <summary>The basis's dense part (rank × dimension, row-major).</summary>
    public double[] DenseBasis { get; }

    public int[] Pivots { get; }

    /// <param name="kernel">K(i, j) between labelled rows.</param>
    /// <param name="sparseRow">Writes row i's sparse block (local feature index, value) pairs.</param>
    /// <param name="denseRow">Row i's centred dense block (empty without one).</param>
    public static LabelledSpan Build(int n, int features, int dimension, int maxRank, Func<int, int, double> kernel, Func<int, (int[] Columns, float[] Values)> sparseRow, Func<int, ReadOnlyMemory<double>> denseRow)
    {
        var residual = new double[n];
        for (var i = 0; i < n; i++)
        {
            residual[i] = kernel(i, i);
        }

        var largest = n == 0 ? 0 : residual.Max();
        var g = new List<double[]>();
        var pivots = new List<int>();
        var chosen = new bool[n];
        while (pivots.Count < maxRank && largest > 0)
        {
            var pivot = -1;
            for (var i = 0; i < n; i++)
            {
                if (!chosen[i] && (pivot < 0 || residual[i] > residual[pivot]))
                {
                    pivot = i;
                }
            }

            // A row the basis already explains to rounding adds no direction.
            if (pivot < 0 || residual[pivot] <= 1e-9 * largest)
            {
                break;
            }

            var column = new double[n];
            var root = Math.Sqrt(residual[pivot]);
            for (var i = 0; i < n; i++)
            {
                var v = kernel(i, pivot);
                foreach (var previous in g)
                {
                    v -= previous[i] * previous[pivot];
                }

                column[i] = v / root;
            }

            for (var i = 0; i < n; i++)
            {
                residual[i] = Math.Max(0, residual[i] - (column[i] * column[i]));
            }

            chosen[pivot] = true;
            pivots.Add(pivot);
            g.Add(column);
        }

        var rank = pivots.Count;
        var coordinates = new double[n * rank];
        for (var t = 0; t < rank; t++)
        {
            for (var i = 0; i < n; i++)
            {
                coordinates[(i * rank) + t] = g[t][i];
            }
        }

        // The basis vectors: Q_t = (x_pivot(t) − Σ_{s<t} L_ts Q_s) / L_tt, with L_ts = G[pivot(t), s].
        var sparseBasis = new double[features * rank];
        var denseBasis = new double[rank * dimension];
        var vector = new double[features];
        for (var t = 0; t < rank; t++)
        {
            var pivot = pivots[t];
            Array.Clear(vector);
            var (columns, values) = sparseRow(pivot);
            for (var e = 0; e < columns.Length; e++)
            {
                vector[columns[e]] += values[e];
            }

            var dense = denseBasis.AsSpan(t * dimension, dimension);
            denseRow(pivot).Span.CopyTo(dense);
            for (var s = 0; s < t; s++)
            {
                var l = g[s][pivot];
                for (var j = 0; j < features; j++)
                {
                    vector[j] -= l * sparseBasis[(j * rank) + s];
                }

                TensorPrimitives.MultiplyAdd(denseBasis.AsSpan(s * dimension, dimension), -l, dense, dense);
            }

            var diagonal = g[t][pivot];
            for (var j = 0; j < features; j++)
            {
                sparseBasis[(j * rank) + t] = vector[j] / diagonal;
            }

            TensorPrimitives.Divide(dense, diagonal, dense);
        }

        return new LabelledSpan(rank, coordinates, sparseBasis, denseBasis, [.. pivots]);
    }
}
