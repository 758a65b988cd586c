using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Optimization;

namespace Tagloop.Learning.Classification;

/// <summary>
/// Fits <see cref="BayesianSoftmaxRegression"/>: the MAP weights by L-BFGS under a weak Gaussian prior (the point
/// estimate that classifies best), then a Laplace posterior around them whose prior precision is chosen by the
/// Laplace evidence (marginal likelihood) at those weights — the post-hoc Laplace of Daxberger et al. 2021 ("Laplace
/// Redux"), with MacKay's fixed point λ ← γ(λ) / ‖w‖², γ(λ) = Σ μ/(μ + λ) over the eigenvalues μ of the data's
/// curvature (MacKay 1992). The posterior is diagonal for sparse weights and biases and, for dense weights, exact
/// within the span of the labelled rows.
/// </summary>
internal sealed partial class SoftmaxFit
{
    private readonly int n;
    private readonly int k;
    private readonly int f;
    private readonly int m;
    private readonly int p;
    private readonly SparseMatrix? sparse;
    private readonly int[] local;
    private readonly int[] features;
    private readonly double[] phi;
    private readonly float[] center;
    private readonly IReadOnlyList<int> labels;
    private readonly IReadOnlyList<double>? rowWeights;
    private readonly SpanBasis basis;
    private readonly double[] coordinates;

    // The objective's working arrays, kept from one evaluation to the next (one fit runs on one thread at a time).
    private double[]? residualBuffer;
    private double[]? rowLossBuffer;
    private double[]? weightBuffer;
    private double[]? gradientBuffer;

    /// <param name="span">The labelled rows' span, with every row's coordinates; <paramref name="spanRows"/>[i] is row i's index in it.</param>
    /// <param name="rowWeights">Each row's weight in the likelihood (its loss, gradient and curvature scaled by it); null for 1 each.</param>
    public SoftmaxFit(FeatureRows x, IReadOnlyList<int> labels, int classes, SpanProjection span, SpanBasis basis, IReadOnlyList<int> spanRows, IReadOnlyList<double>? rowWeights = null)
    {
        n = x.Rows;
        k = classes;
        this.labels = labels;
        this.rowWeights = rowWeights;
        // Training rows are few: the plain layout, read by position below.
        sparse = x.Sparse?.Unpacked();
        features = sparse is null ? [] : [.. sparse.Indices.Distinct().Order()];
        f = features.Length;
        local = sparse is null ? [] : new int[sparse.Indices.Length];
        for (var i = 0; i < local.Length; i++)
        {
            local[i] = Array.BinarySearch(features, sparse!.Indices[i]);
        }

        var dense = x.Dense;
        m = dense?.Dimension ?? 0;
        center = dense?.Center ?? new float[m];
        phi = new double[n * m];
        var row = new float[m];
        for (var i = 0; i < n && dense is not null; i++)
        {
            dense.CopyRow(i, row);
            for (var j = 0; j < m; j++)
            {
                phi[(i * m) + j] = row[j] - center[j];
            }
        }

        p = f + m + 1;
        this.basis = basis;
        var rank = basis.Rank;
        coordinates = new double[n * rank];
        for (var i = 0; i < n; i++)
        {
            var z = span.CoordinatesOf(spanRows[i])[..rank];
            for (var r = 0; r < rank; r++)
            {
                coordinates[(i * rank) + r] = z[r];
            }
        }
    }

    public BayesianSoftmaxRegression Run(BayesianSoftmaxOptions options, BayesianSoftmaxRegression? warmStart)
    {
        var w = new double[k * p];
        if (warmStart is not null && warmStart.Classes == k)
        {
            WarmStart(warmStart.Weights, w);
        }

        var (ls, ld, lb) = (options.PriorPrecision, options.DensePriorPrecision, options.BiasPrecision);
        var optimum = SpanFitPays(options)
            ? FitInSpan(w, ls, lb, options.MaxIterations)
            : Lbfgs.Minimize((weights, gradient) => Objective(weights, gradient, ls, ld, lb), w, maxIterations: options.MaxIterations);
        var curvature = Curvatures(w);

        var precision = options.PosteriorPrecision ?? Math.Sqrt(ls * ld);
        var evidenceConverged = true;
        var clamped = false;
        var rounds = 0;
        if (options.PosteriorPrecision is null && options.Evidence)
        {
            (precision, rounds, evidenceConverged, clamped) = EvidencePrecision(w, curvature, options.EvidenceSample);
        }

        var posterior = ComputePosterior(curvature, precision, lb, shared: k > options.ExactPosteriorClasses);
        var weights = posterior.ToWeights(w, precision);
        return BayesianSoftmaxRegression.FromFit(weights, new FitReport(optimum.Converged, optimum.Iterations, rounds, evidenceConverged, clamped, posterior.ClampedPivots));
    }

    /// <summary>
    /// The prior precision that maximises the Laplace evidence at the MAP weights. The data's curvature in kernel
    /// form, G_c = S_c K S_c (K = X Xᵀ over labelled rows, sparse and dense blocks together; S_c = diag(√(p(1 − p)))),
    /// has the same non-zero eigenvalues μ as Xᵀ S_c² X, so γ(λ) = Σ_c Σ μ/(μ + λ) counts the weights the data
    /// determine exactly — a diagonal Hessian would count a word and every bigram it starts as determined on their
    /// own. Above <paramref name="sample"/> rows the spectrum comes from a fixed sample of them and γ is scaled to all.
    /// </summary>
    private (double Precision, int Rounds, bool Converged, bool Clamped) EvidencePrecision(double[] w, double[] curvature, int sample)
    {
        var norm = 0.0;
        for (var c = 0; c < k; c++)
        {
            var block = w.AsSpan(c * p, p - 1);
            norm += TensorPrimitives.Dot<double>(block, block);
        }

        if (norm <= 1e-300)
        {
            return (BayesianSoftmaxOptions.MaximumPrecision, 0, true, true);
        }

        var random = new Random(n);
        int[] rows = n <= sample ? [.. Enumerable.Range(0, n)] : [.. Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(sample).Order()];
        var s = rows.Length;
        var kernel = Kernel(rows);
        var spectra = new double[k][];
        var g = new double[s * s];
        for (var c = 0; c < k; c++)
        {
            for (var a = 0; a < s; a++)
            {
                var ra = Math.Sqrt(curvature[(rows[a] * k) + c]);
                for (var b = 0; b < s; b++)
                {
                    g[(a * s) + b] = ra * Math.Sqrt(curvature[(rows[b] * k) + c]) * kernel[(a * s) + b];
                }
            }

            spectra[c] = SymmetricEigenvalues.Compute(g, s);
        }

        var scale = (double)n / s;
        var precision = 1.0;
        for (var round = 1; round <= 100; round++)
        {
            var determined = 0.0;
            foreach (var spectrum in spectra)
            {
                foreach (var mu in spectrum)
                {
                    determined += mu > 0 ? mu / (mu + precision) : 0;
                }
            }

            var next = Math.Max(1e-12, scale * determined) / norm;
            var bounded = Math.Clamp(next, BayesianSoftmaxOptions.MinimumPrecision, BayesianSoftmaxOptions.MaximumPrecision);
            if (Math.Abs(Math.Log(bounded / precision)) < 1e-3)
            {
                return (bounded, round, true, bounded != next);
            }

            precision = bounded;
        }

        return (precision, 100, false, false);
    }

    private double[] Kernel(int[] rows)
    {
        var s = rows.Length;
        var kernel = new double[s * s];
        for (var a = 0; a < s; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var v = RowKernel(rows[a], rows[b]);
                kernel[(a * s) + b] = v;
                kernel[(b * s) + a] = v;
            }
        }

        return kernel;
    }

    /// <summary>x_a · x_b over both blocks (the dense one centred).</summary>
    private double RowKernel(int a, int b) =>
        SparseDot(a, b) + (m > 0 ? TensorPrimitives.Dot<double>(phi.AsSpan(a * m, m), phi.AsSpan(b * m, m)) : 0);

    private double SparseDot(int a, int b) => sparse is null ? 0 : SparseKernel.Dot(sparse, a, sparse, b);

    private void WarmStart(SoftmaxWeights old, double[] w)
    {
        // Where each feature sat in the old model: one walk along both sorted lists, then a copy per class (a binary
        // search per class and feature cost 40 ms with 50 labels and 20,000 features).
        var was = new int[f];
        for (int j = 0, at = 0; j < f; j++)
        {
            while (at < old.Features.Length && old.Features[at] < features[j])
            {
                at++;
            }

            was[j] = at < old.Features.Length && old.Features[at] == features[j] ? at : -1;
        }

        for (var c = 0; c < k; c++)
        {
            var oldClass = c * old.Features.Length;
            for (var j = 0; j < f; j++)
            {
                if (was[j] >= 0)
                {
                    w[(c * p) + j] = old.SparseMean[oldClass + was[j]];
                }
            }

            if (old.DenseDimension == m)
            {
                for (var j = 0; j < m; j++)
                {
                    w[(c * p) + f + j] = old.DenseMean[(c * m) + j];
                }
            }

            w[(c * p) + p - 1] = old.BiasMean[c];
        }
    }

    private void Logits(ReadOnlySpan<double> w, int row, Span<double> z)
    {
        var start = sparse?.RowStart[row] ?? 0;
        var end = sparse?.RowStart[row + 1] ?? 0;
        var phiRow = phi.AsSpan(row * m, m);
        for (var c = 0; c < k; c++)
        {
            var block = w.Slice(c * p, p);
            var sum = block[p - 1];
            for (var t = start; t < end; t++)
            {
                sum += block[local[t]] * sparse!.Values[t];
            }

            if (m > 0)
            {
                sum += TensorPrimitives.Dot(block.Slice(f, m), phiRow);
            }

            z[c] = sum;
        }
    }

    private double Objective(ReadOnlySpan<double> w, Span<double> gradient, double ls, double ld, double lb)
    {
        // Each row's class probabilities and loss first; then each class's block of the gradient on its own, which
        // many labels spread over cores (blocks are disjoint, and every sum runs in a fixed order: the result does
        // not depend on the threads).
        var residuals = residualBuffer ??= new double[n * k];
        var rowLoss = rowLossBuffer ??= new double[n];
        var weights = weightBuffer ??= new double[k * p];
        w.CopyTo(weights);
        void Row(int i)
        {
            Span<double> z = stackalloc double[k];
            Logits(weights, i, z);
            var y = labels[i];
            var own = z[y];
            var weight = WeightOf(i);
            rowLoss[i] = weight * (Softmax(z) - own);
            for (var c = 0; c < k; c++)
            {
                residuals[(i * k) + c] = weight * (z[c] - (c == y ? 1.0 : 0.0));
            }
        }

        var output = gradientBuffer ??= new double[k * p];
        Array.Clear(output);
        var classLoss = new double[k];
        void Class(int c)
        {
            var block = output.AsSpan(c * p, p);
            for (var i = 0; i < n; i++)
            {
                var residual = residuals[(i * k) + c];
                block[p - 1] += residual;
                for (var t = sparse?.RowStart[i] ?? 0; t < (sparse?.RowStart[i + 1] ?? 0); t++)
                {
                    block[local[t]] += residual * sparse!.Values[t];
                }

                if (m > 0)
                {
                    var denseGradient = block.Slice(f, m);
                    TensorPrimitives.MultiplyAdd(phi.AsSpan(i * m, m), residual, denseGradient, denseGradient);
                }
            }

            // The priors: ½λ‖w‖² per block, and λw added to the gradient.
            var loss = 0.0;
            foreach (var (from, length, precision) in new[] { (0, f, ls), (f, m, ld), (p - 1, 1, lb) })
            {
                var part = weights.AsSpan((c * p) + from, length);
                loss += 0.5 * precision * TensorPrimitives.Dot<double>(part, part);
                TensorPrimitives.MultiplyAdd(part, precision, block.Slice(from, length), block.Slice(from, length));
            }

            classLoss[c] = loss;
        }

        // Threads pay off only on large problems (many labels × features).
        var parallel = (long)n * k * (p + 64) > 2_000_000;
        if (parallel)
        {
            Parallel.For(0, n, Row);
            Parallel.For(0, k, Class);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                Row(i);
            }

            for (var c = 0; c < k; c++)
            {
                Class(c);
            }
        }

        output.CopyTo(gradient);
        var total = 0.0;
        foreach (var value in rowLoss)
        {
            total += value;
        }

        foreach (var value in classLoss)
        {
            total += value;
        }

        return total;
    }

    private double WeightOf(int row) => rowWeights is null ? 1.0 : rowWeights[row];

    /// <summary>Turns logits into class probabilities in place (stably, from the largest); returns log Σ exp(logit).</summary>
    private static double Softmax(Span<double> z)
    {
        var max = TensorPrimitives.Max<double>(z);
        var sum = 0.0;
        for (var c = 0; c < z.Length; c++)
        {
            z[c] = Math.Exp(z[c] - max);
            sum += z[c];
        }

        for (var c = 0; c < z.Length; c++)
        {
            z[c] /= sum;
        }

        return max + Math.Log(sum);
    }

    /// <summary>Curvature of each class's logit at the MAP, p(1 − p): the diagonal blocks of the softmax Hessian (rows × classes).</summary>
    private double[] Curvatures(double[] w)
    {
        var curvature = new double[n * k];
        Span<double> z = stackalloc double[k];
        for (var i = 0; i < n; i++)
        {
            Logits(w, i, z);
            Softmax(z);
            var weight = WeightOf(i);
            for (var c = 0; c < k; c++)
            {
                curvature[(i * k) + c] = weight * z[c] * (1 - z[c]);
            }
        }

        return curvature;
    }

    private Posterior ComputePosterior(double[] curvature, double precision, double biasPrecision, bool shared)
    {
        var biasVariance = new double[k];
        for (var c = 0; c < k; c++)
        {
            var bias = biasPrecision;
            for (var i = 0; i < n; i++)
            {
                bias += curvature[(i * k) + c];
            }

            biasVariance[c] = 1 / bias;
        }

        // Within the labelled rows' span: A_c = λI + Σ_i h_ic z_i z_iᵀ; outside it the posterior is the prior.
        var rank = basis.Rank;
        if (shared && rank > 0)
        {
            return SharedPosterior(curvature, precision, biasPrecision, biasVariance);
        }

        var factors = new double[k][];
        var clampedPivots = 0;
        for (var c = 0; c < k; c++)
        {
            var a = new double[rank * rank];
            for (var i = 0; i < n; i++)
            {
                var h = curvature[(i * k) + c];
                var z = coordinates.AsSpan(i * rank, rank);
                for (var r = 0; r < rank; r++)
                {
                    var target = a.AsSpan(r * rank, r + 1);
                    TensorPrimitives.MultiplyAdd(z[..(r + 1)], h * z[r], target, target);
                }
            }

            for (var r = 0; r < rank; r++)
            {
                a[(r * rank) + r] += precision;
            }

            var clamped = 0;
            factors[c] = rank == 0 ? [] : Cholesky.Factor(a, rank, out clamped);
            clampedPivots += clamped;
        }

        return new Posterior(this, biasVariance, factors, precision, biasPrecision, clampedPivots, null, null);
    }

    /// <summary>
    /// The classes' span blocks approximated in one shared basis: the eigenvectors U of the mean curvature
    /// Σ_i h̄_i z_i z_iᵀ (h̄_i the row's curvature averaged over classes), and for each class its own curvature along
    /// each of them, d_cj = Σ_i h_ic (u_j · z_i)², so A_c ≈ U (λI + diag(d_c)) Uᵀ — exact when every class's
    /// curvature has the same eigenvectors (eigenvalue-corrected Kronecker factors, George et al. 2018).
    /// </summary>
    private Posterior SharedPosterior(double[] curvature, double precision, double biasPrecision, double[] biasVariance)
    {
        var rank = basis.Rank;
        var g = new double[rank * rank];
        for (var i = 0; i < n; i++)
        {
            var mean = 0.0;
            for (var c = 0; c < k; c++)
            {
                mean += curvature[(i * k) + c];
            }

            mean /= k;
            var z = coordinates.AsSpan(i * rank, rank);
            for (var r = 0; r < rank; r++)
            {
                var target = g.AsSpan(r * rank, r + 1);
                TensorPrimitives.MultiplyAdd(z[..(r + 1)], mean * z[r], target, target);
            }
        }

        for (var r = 0; r < rank; r++)
        {
            for (var q = r + 1; q < rank; q++)
            {
                g[(r * rank) + q] = g[(q * rank) + r];
            }
        }

        SymmetricEigenvalues.Decompose(g, rank);

        // Each labelled row's coordinates along the shared directions, then each class's curvature along them.
        var along = new double[n * rank];
        for (var i = 0; i < n; i++)
        {
            var z = coordinates.AsSpan(i * rank, rank);
            var target = along.AsSpan(i * rank, rank);
            for (var r = 0; r < rank; r++)
            {
                TensorPrimitives.MultiplyAdd(g.AsSpan(r * rank, rank), z[r], target, target);
            }
        }

        var perClass = new double[k * rank];
        for (var i = 0; i < n; i++)
        {
            var q = along.AsSpan(i * rank, rank);
            for (var c = 0; c < k; c++)
            {
                var h = curvature[(i * k) + c];
                var target = perClass.AsSpan(c * rank, rank);
                for (var j = 0; j < rank; j++)
                {
                    target[j] += h * q[j] * q[j];
                }
            }
        }

        return new Posterior(this, biasVariance, [.. Enumerable.Range(0, k).Select(_ => Array.Empty<double>())], precision, biasPrecision, 0, g, perClass);
    }

    private static float[] Flatten(DenseMatrix rows, int count, int dimension)
    {
        var values = new float[count * dimension];
        for (var r = 0; r < count; r++)
        {
            rows.Row(r).CopyTo(values.AsSpan(r * dimension, dimension));
        }

        return values;
    }

    private sealed record Posterior(SoftmaxFit Fit, double[] BiasVariance, double[][] Factors, double Precision, double BiasPrecision, int ClampedPivots, double[]? SharedBasis, double[]? SharedCurvature)
    {
        public SoftmaxWeights ToWeights(double[] w, double precision)
        {
            var (k, f, m, p, rank) = (Fit.k, Fit.f, Fit.m, Fit.p, Fit.basis.Rank);
            var sparseMean = new float[k * f];
            var denseMean = new float[k * m];
            var biasMean = new float[k];
            var factor = SharedBasis is null ? new float[k * rank * rank] : [];
            for (var c = 0; c < k; c++)
            {
                for (var j = 0; j < f; j++)
                {
                    sparseMean[(c * f) + j] = (float)w[(c * p) + j];
                }

                for (var j = 0; j < m; j++)
                {
                    denseMean[(c * m) + j] = (float)w[(c * p) + f + j];
                }

                biasMean[c] = (float)w[(c * p) + p - 1];
                for (var e = 0; e < factor.Length / k; e++)
                {
                    factor[(c * rank * rank) + e] = (float)Factors[c][e];
                }
            }

            return new SoftmaxWeights
            {
                Classes = k,
                Features = Fit.features,
                SparseMean = sparseMean,
                BiasMean = biasMean,
                BiasVariance = [.. BiasVariance.Select(v => (float)v)],
                DenseDimension = m,
                DenseMean = denseMean,
                DenseCenter = m == 0 ? [] : Fit.center,
                Rank = rank,
                PivotStarts = Fit.basis.PivotSparse?.RowStart ?? new int[rank + 1],
                PivotIndices = Fit.basis.PivotSparse?.Indices ?? [],
                PivotValues = Fit.basis.PivotSparse?.Values ?? [],
                PivotDense = m == 0 || rank == 0 ? [] : Flatten(Fit.basis.PivotDense!, rank, m),
                PivotFactor = Fit.basis.Factor,
                PivotKeys = Fit.basis.Keys,
                PrecisionFactor = factor,
                SharedBasis = SharedBasis is null ? [] : [.. SharedBasis.Select(v => (float)v)],
                SharedCurvature = SharedCurvature is null ? [] : [.. SharedCurvature.Select(v => (float)v)],
                SparsePrecision = precision,
                DensePrecision = precision,
                BiasPrecision = BiasPrecision,
            };
        }
    }
}
