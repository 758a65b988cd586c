using Tagloop.Learning.Classification;

namespace Tagloop.Learning.Tests.Classification;

public sealed class SymmetricEigenvaluesTests
{
    [Fact]
    public void A_known_matrix_has_its_known_eigenvalues()
    {
        // [[2, 1, 0], [1, 2, 1], [0, 1, 2]] has eigenvalues 2 − √2, 2, 2 + √2.
        var values = SymmetricEigenvalues.Compute([2, 1, 0, 1, 2, 1, 0, 1, 2], 3).Order().ToArray();
        Assert.Equal(2 - Math.Sqrt(2), values[0], 10);
        Assert.Equal(2, values[1], 10);
        Assert.Equal(2 + Math.Sqrt(2), values[2], 10);
    }

    [Fact]
    public void The_eigenvalues_of_a_random_gram_matrix_keep_its_trace_and_frobenius_norm_and_are_not_negative()
    {
        var random = new Random(3);
        const int N = 40, D = 25;
        var x = Enumerable.Range(0, N * D).Select(_ => random.NextDouble() - 0.5).ToArray();
        var a = new double[N * N];
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < N; j++)
            {
                a[(i * N) + j] = Enumerable.Range(0, D).Sum(k => x[(i * D) + k] * x[(j * D) + k]);
            }
        }

        var trace = Enumerable.Range(0, N).Sum(i => a[(i * N) + i]);
        var frobenius = a.Sum(v => v * v);
        var values = SymmetricEigenvalues.Compute((double[])a.Clone(), N);
        Assert.Equal(trace, values.Sum(), 8);
        Assert.Equal(frobenius, values.Sum(v => v * v), 6);
        Assert.All(values, v => Assert.True(v > -1e-9));
        Assert.Equal(N - D, values.Count(v => Math.Abs(v) < 1e-9));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(17, 30)]
    [InlineData(60, 25)]
    [InlineData(128, 200)]
    public void Eigenvectors_are_orthonormal_and_rebuild_the_matrix(int n, int d)
    {
        // A Gram matrix, rank-deficient when d < n (repeated zero eigenvalues), plus a symmetric non-PSD part.
        var random = new Random(n + d);
        var x = Enumerable.Range(0, n * d).Select(_ => random.NextDouble() - 0.5).ToArray();
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var v = Enumerable.Range(0, d).Sum(k => x[(i * d) + k] * x[(j * d) + k]) + (i == j ? 0 : 0.01 * ((i * 7 + j * 3) % 5 - 2));
                a[(i * n) + j] = v;
                a[(j * n) + i] = v;
            }
        }

        var vectors = (double[])a.Clone();
        var values = SymmetricEigenvalues.Decompose(vectors, n);
        Assert.Equal(SymmetricEigenvalues.Compute((double[])a.Clone(), n).Order(), values.Order(), new ToleranceComparer(1e-9));
        for (var p = 0; p < n; p++)
        {
            for (var q = 0; q < n; q++)
            {
                var dot = Enumerable.Range(0, n).Sum(k => vectors[(k * n) + p] * vectors[(k * n) + q]);
                Assert.Equal(p == q ? 1.0 : 0.0, dot, 1e-9);
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var rebuilt = Enumerable.Range(0, n).Sum(k => vectors[(i * n) + k] * values[k] * vectors[(j * n) + k]);
                Assert.Equal(a[(i * n) + j], rebuilt, 1e-8);
            }
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
