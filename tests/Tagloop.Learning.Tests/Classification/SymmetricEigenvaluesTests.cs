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
}
