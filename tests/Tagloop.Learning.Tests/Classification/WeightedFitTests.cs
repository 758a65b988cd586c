using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Classification;

public sealed class WeightedFitTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_row_of_weight_two_fits_as_that_row_twice_and_split_weights_fit_as_a_soft_target(bool searchInSpan)
    {
        var (x, y) = Problem(seed: 3);
        var options = new BayesianSoftmaxOptions(Evidence: false, SearchInSpan: searchInSpan);

        // Rows 0–4 twice over, against the same rows once at weight 2.
        int[] doubled = [.. Enumerable.Range(0, x.Rows), .. Enumerable.Range(0, 5)];
        var copies = BayesianSoftmaxRegression.Fit(x.SelectRows(doubled), [.. doubled.Select(i => y[i])], 3, options);
        var weighted = BayesianSoftmaxRegression.Fit(x, y, 3, options, weights: [.. Enumerable.Range(0, x.Rows).Select(i => i < 5 ? 2.0 : 1.0)]);
        AssertSame(copies, weighted, x);

        // A soft target (0.7 / 0.3) as two rows weighted 0.7 and 0.3 differs from the hard label it leans to.
        int[] rows = [.. Enumerable.Range(0, x.Rows), 0];
        int[] labels = [.. y, (y[0] + 1) % 3];
        double[] split = [.. Enumerable.Range(0, x.Rows).Select(i => i == 0 ? 0.7 : 1.0), 0.3];
        var soft = BayesianSoftmaxRegression.Fit(x.SelectRows(rows), labels, 3, options, weights: split);
        var hard = BayesianSoftmaxRegression.Fit(x, y, 3, options);
        var (ps, ph) = (Probabilities(soft, x), Probabilities(hard, x));
        Assert.True(ps[(0 * 3) + labels[^1]] > ph[(0 * 3) + labels[^1]] + 0.01, "the 0.3 share raises that class's probability on row 0");
    }

    [Fact]
    public void Weights_that_are_not_positive_and_finite_or_do_not_match_the_rows_are_refused()
    {
        var (x, y) = Problem(seed: 4);
        var options = new BayesianSoftmaxOptions();
        var ones = Enumerable.Repeat(1.0, x.Rows).ToArray();
        Assert.Throws<ArgumentException>(() => BayesianSoftmaxRegression.Fit(x, y, 3, options, weights: ones[1..]));
        foreach (var bad in new[] { 0.0, -1.0, double.NaN, double.PositiveInfinity })
        {
            var weights = ones.ToArray();
            weights[7] = bad;
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => BayesianSoftmaxRegression.Fit(x, y, 3, options, weights: weights));
            Assert.Contains("Row 7", error.Message, StringComparison.Ordinal);
        }
    }

    private static void AssertSame(BayesianSoftmaxRegression a, BayesianSoftmaxRegression b, FeatureRows x)
    {
        var (pa, pb) = (Probabilities(a, x), Probabilities(b, x));
        Assert.All(pa.Zip(pb), p => Assert.Equal(p.First, p.Second, 2e-3));
        var (va, vb) = (Variances(a, x), Variances(b, x));
        Assert.All(va.Zip(vb), p => Assert.Equal(p.First, p.Second, Math.Max(1e-4, p.First * 2e-2)));
    }

    private static float[] Probabilities(BayesianSoftmaxRegression model, FeatureRows x)
    {
        var p = new float[x.Rows * model.Classes];
        model.PredictProbabilities(x, p);
        return p;
    }

    private static float[] Variances(BayesianSoftmaxRegression model, FeatureRows x)
    {
        var mean = new float[x.Rows * model.Classes];
        var variance = new float[x.Rows * model.Classes];
        model.LogitMoments(x, mean, variance);
        return variance;
    }

    // Three classes over sparse words (each class its own range, plus noise) and a small dense block.
    internal static (FeatureRows X, int[] Y) Problem(int seed, int rows = 30)
    {
        var random = new Random(seed);
        const int Dimension = 6, Vocabulary = 120;
        var dense = new float[rows * Dimension];
        var starts = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            labels[i] = i % 3;
            var words = new SortedSet<int>();
            while (words.Count < 5)
            {
                words.Add(random.Next(3) == 0 ? 60 + random.Next(60) : (labels[i] * 20) + random.Next(20));
            }

            indices.AddRange(words);
            values.AddRange(words.Select(_ => 0.45f));
            starts.Add(indices.Count);
            for (var j = 0; j < Dimension; j++)
            {
                dense[(i * Dimension) + j] = (float)(random.NextDouble() - 0.5 + (j == labels[i] ? 0.6 : 0));
            }
        }

        return (new FeatureRows(new SparseMatrix(Vocabulary, [.. starts], [.. indices], [.. values]), new DenseMatrix(Dimension, dense)), labels);
    }
}
