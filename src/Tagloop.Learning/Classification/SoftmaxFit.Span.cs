using System.Numerics.Tensors;
using Tagloop.Learning.Optimization;

namespace Tagloop.Learning.Classification;

/// <summary>
/// The MAP weights found in the span of the labelled rows. With one prior precision λ for every weight, the
/// minimiser of Σ_i loss(x_i · w_c + b_c) + ½λ Σ_c ‖w_c‖² lies in the span of the rows (the representer theorem), so
/// the search can run over coordinates in an orthonormal basis of that span: β_c = Uᵀ(√λ w_c), with logits z_i · β_c
/// and prior ½‖β_c‖² — classes × rows numbers instead of classes × (features seen + dense dimension), as well
/// conditioned as the original problem and the same optimum. The basis is a pivoted Cholesky factor of the rows'
/// kernel K = X Xᵀ / λ in row order: a row whose remainder outside the span so far is below 10⁻⁹ of its norm adds no
/// direction (it lies in the span to rounding). Then w_c = Σ_s a_cs x_s / λ over the pivots, with a_c = L⁻ᵀ β_c.
/// </summary>
internal sealed partial class SoftmaxFit
{
    /// <summary>
    /// Fits in the span when the features far outnumber the rows and the rows are not too many (the kernel costs rows²).
    /// Measured in the latency benchmark's refits (100k documents, ~220 answers, ~21k features seen): with 50 labels
    /// 70 ms against 330 ms for the direct search, whose cost is classes × features per step; with 4 labels ~25 ms
    /// against ~105 ms.
    /// </summary>
    private bool SpanFitPays(BayesianSoftmaxOptions options) =>
        options.SearchInSpan && options.PriorPrecision == options.DensePriorPrecision && n <= 3000 && p > 4L * n;

    private LbfgsResult FitInSpan(double[] w, double lambda, double lb, int maxIterations)
    {
        // Pivoted incremental Cholesky of K = XXᵀ/λ: z_i (row i's coordinates) for every row, pivots in row order.
        var kernel = new double[n * n];
        var scattered = new double[f];
        for (var r1 = 0; r1 < n; r1++)
        {
            // Row r1's sparse values spread over the features seen, so each product with it is a gather, not a merge.
            var (from, to) = (sparse?.RowStart[r1] ?? 0, sparse?.RowStart[r1 + 1] ?? 0);
            for (var e = from; e < to; e++)
            {
                scattered[local[e]] = sparse!.Values[e];
            }

            for (var r2 = 0; r2 <= r1; r2++)
            {
                var v = 0.0;
                for (var e = sparse?.RowStart[r2] ?? 0; e < (sparse?.RowStart[r2 + 1] ?? 0); e++)
                {
                    v += scattered[local[e]] * sparse!.Values[e];
                }

                if (m > 0)
                {
                    v += TensorPrimitives.Dot<double>(phi.AsSpan(r1 * m, m), phi.AsSpan(r2 * m, m));
                }

                v /= lambda;
                kernel[(r1 * n) + r2] = v;
                kernel[(r2 * n) + r1] = v;
            }

            for (var e = from; e < to; e++)
            {
                scattered[local[e]] = 0;
            }
        }

        var pivots = new List<int>();
        var z = new double[n * n]; // row i's coordinates, up to the final rank, stride n
        for (var i = 0; i < n; i++)
        {
            var q = pivots.Count;
            var zi = z.AsSpan(i * n, q);
            var residual = kernel[(i * n) + i] - TensorPrimitives.Dot<double>(zi, zi);
            if (residual <= 1e-9 * Math.Max(kernel[(i * n) + i], 1e-300))
            {
                continue;
            }

            // Row i joins: every later row's new coordinate is (K_ji − z_j · z_i) / √residual.
            var root = Math.Sqrt(residual);
            z[(i * n) + q] = root;
            for (var j = i + 1; j < n; j++)
            {
                z[(j * n) + q] = (kernel[(j * n) + i] - TensorPrimitives.Dot<double>(z.AsSpan(j * n, q), zi)) / root;
            }

            pivots.Add(i);
        }

        var rank = pivots.Count;
        var stride = rank + 1; // β_c then b_c

        // The warm start's coordinates: β_c = L⁻¹ (X_P w_c) (the pivots' logits without bias, in the basis).
        var beta = new double[k * stride];
        var logits = new double[k];
        for (var t = 0; t < rank; t++)
        {
            LogitsWithoutBias(w, pivots[t], logits);
            for (var c = 0; c < k; c++)
            {
                var sum = logits[c]; // x̂·v = x·w: the pivots' logits are the same in the scaled features
                for (var s = 0; s < t; s++)
                {
                    sum -= z[(pivots[t] * n) + s] * beta[(c * stride) + s];
                }

                beta[(c * stride) + t] = sum / z[(pivots[t] * n) + t];
            }
        }

        for (var c = 0; c < k; c++)
        {
            beta[(c * stride) + rank] = w[(c * p) + p - 1];
        }

        var coordinates = new double[n * rank];
        for (var i = 0; i < n; i++)
        {
            z.AsSpan(i * n, rank).CopyTo(coordinates.AsSpan(i * rank, rank));
        }

        var result = Lbfgs.Minimize((x, gradient) => SpanObjective(x, gradient, coordinates, rank, lb), beta, maxIterations: maxIterations);

        // Back to weights: a_c = L⁻ᵀ β_c over the pivots (L the pivots' rows of z), w_c = Σ_s a_cs x_s / λ.
        Array.Clear(w);
        var a = new double[rank];
        for (var c = 0; c < k; c++)
        {
            for (var t = rank - 1; t >= 0; t--)
            {
                var sum = beta[(c * stride) + t];
                for (var s = t + 1; s < rank; s++)
                {
                    sum -= z[(pivots[s] * n) + t] * a[s];
                }

                a[t] = sum / z[(pivots[t] * n) + t];
            }

            var block = w.AsSpan(c * p, p);
            for (var t = 0; t < rank; t++)
            {
                var row = pivots[t];
                var scale = a[t] / lambda;
                for (var e = sparse?.RowStart[row] ?? 0; e < (sparse?.RowStart[row + 1] ?? 0); e++)
                {
                    block[local[e]] += scale * sparse!.Values[e];
                }

                if (m > 0)
                {
                    TensorPrimitives.MultiplyAdd(phi.AsSpan(row * m, m), scale, block.Slice(f, m), block.Slice(f, m));
                }
            }

            block[p - 1] = beta[(c * stride) + rank];
        }

        return result;
    }

    private void LogitsWithoutBias(double[] w, int row, double[] output)
    {
        Logits(w, row, output);
        for (var c = 0; c < k; c++)
        {
            output[c] -= w[(c * p) + p - 1];
        }
    }

    private double SpanObjective(ReadOnlySpan<double> x, Span<double> gradient, double[] coordinates, int rank, double lb)
    {
        var stride = rank + 1;
        gradient.Clear();
        var loss = 0.0;
        Span<double> logits = stackalloc double[k];
        for (var i = 0; i < n; i++)
        {
            var zi = coordinates.AsSpan(i * rank, rank);
            for (var c = 0; c < k; c++)
            {
                logits[c] = TensorPrimitives.Dot(x.Slice(c * stride, rank), zi) + x[(c * stride) + rank];
            }

            var y = labels[i];
            var own = logits[y];
            var weight = WeightOf(i);
            loss += weight * (Softmax(logits) - own);
            for (var c = 0; c < k; c++)
            {
                var residual = weight * (logits[c] - (c == y ? 1.0 : 0.0));
                var block = gradient.Slice(c * stride, rank);
                TensorPrimitives.MultiplyAdd(zi, residual, block, block);
                gradient[(c * stride) + rank] += residual;
            }
        }

        for (var c = 0; c < k; c++)
        {
            var coefficients = x.Slice(c * stride, rank);
            loss += 0.5 * TensorPrimitives.Dot(coefficients, coefficients);
            var block = gradient.Slice(c * stride, rank);
            TensorPrimitives.Add(block, coefficients, block);
            var bias = x[(c * stride) + rank];
            loss += 0.5 * lb * bias * bias;
            gradient[(c * stride) + rank] += lb * bias;
        }

        return loss;
    }
}
