using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Learning.Tests.Classification;

public sealed class BayesianSoftmaxRegressionTests
{
    [DatasetFact("datasets", "trec", "train.jsonl")]
    public void On_TREC_500_random_labels_reach_at_least_75_percent_accuracy_over_three_seeds()
    {
        var (trainTexts, trainLabels) = Datasets.Read("datasets", "trec", "train.jsonl");
        var (testTexts, testLabels) = Datasets.Read("datasets", "trec", "test.jsonl");
        var classes = trainLabels.Distinct().Order(StringComparer.Ordinal).ToList();
        var encoder = HashedTfidfEncoder.Fit(trainTexts);
        var x = encoder.Encode(trainTexts);
        var testX = encoder.Encode(testTexts);
        var y = trainLabels.Select(l => classes.IndexOf(l)).ToArray();
        var truth = testLabels.Select(l => classes.IndexOf(l)).ToArray();

        var accuracies = new List<double>();
        for (var seed = 0; seed < 3; seed++)
        {
            var random = new Random(seed);
            var rows = Enumerable.Range(0, x.Rows).OrderBy(_ => random.Next()).Take(500).ToList();
            var model = BayesianSoftmaxRegression.Fit(x.SelectRows(rows), [.. rows.Select(i => y[i])], classes.Count, new BayesianSoftmaxOptions());
            accuracies.Add(ClassificationMetrics.Accuracy(truth, model.Predict(testX)));
        }

        // Measured 0.774 on average (scikit-learn's logistic regression on TF-IDF with the modAL recipe: 0.72, the figure in issue 3).
        Assert.InRange(accuracies.Average(), 0.75, 1.0);
    }

    [Fact]
    public void It_learns_a_separable_problem_and_is_more_uncertain_far_from_its_data()
    {
        var (x, y) = Synthetic();
        var model = BayesianSoftmaxRegression.Fit(x, y, 3, new BayesianSoftmaxOptions(PriorPrecision: 1));
        Assert.Equal(y, model.Predict(x));

        // Row 0 is a training row; the other uses features the model never saw.
        var probe = new SparseMatrix(100, [0, 1, 2], [0, 50], [1f, 1f]);
        var mean = new float[6];
        var variance = new float[6];
        model.LogitMoments(probe, mean, variance);
        Assert.True(variance[3] > variance[0] * 1.5, $"unseen feature variance {variance[3]} vs seen {variance[0]}");
    }

    [Fact]
    public void The_same_data_gives_the_same_model_and_a_warm_start_reaches_the_same_answer()
    {
        var (x, y) = Synthetic();
        var a = BayesianSoftmaxRegression.Fit(x, y, 3, new BayesianSoftmaxOptions());
        var b = BayesianSoftmaxRegression.Fit(x, y, 3, new BayesianSoftmaxOptions());
        Assert.Equal(a.Weights.Mean, b.Weights.Mean);
        Assert.Equal(a.Weights.Variance, b.Weights.Variance);

        var warm = BayesianSoftmaxRegression.Fit(x, y, 3, new BayesianSoftmaxOptions(), warmStart: a);
        for (var i = 0; i < a.Weights.Mean.Length; i++)
        {
            Assert.Equal(a.Weights.Mean[i], warm.Weights.Mean[i], 0.05);
        }
    }

    [Fact]
    public void Weights_round_trip_into_an_identical_model_and_a_wrong_format_is_refused()
    {
        var (x, y) = Synthetic();
        var model = BayesianSoftmaxRegression.Fit(x, y, 3, new BayesianSoftmaxOptions());
        var copy = BayesianSoftmaxRegression.FromWeights(model.Weights with { });
        var p = new float[x.Rows * 3];
        var q = new float[x.Rows * 3];
        model.PredictProbabilities(x, p);
        copy.PredictProbabilities(x, q);
        Assert.Equal(p, q);
        Assert.Throws<NotSupportedException>(() => BayesianSoftmaxRegression.FromWeights(model.Weights with { FormatVersion = 99 }));
    }

    [Fact]
    public void Dense_few_features_get_a_full_covariance_that_knows_which_directions_were_never_seen()
    {
        // Two dense features that always move together in training: the data says nothing about (1, −1).
        var random = new Random(3);
        var starts = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new List<int>();
        for (var i = 0; i < 400; i++)
        {
            // Noisy labels, so that the data is not separable and constrains the weights along (1, 1).
            var t = (float)((random.NextDouble() * 2) - 1);
            indices.AddRange([0, 1]);
            values.AddRange([t, t]);
            starts.Add(indices.Count);
            labels.Add(t + ((random.NextDouble() - 0.5) * 1.5) > 0 ? 1 : 0);
        }

        var x = new SparseMatrix(2, [.. starts], [.. indices], [.. values]);
        var options = new BayesianSoftmaxOptions(PriorPrecision: 1);
        var full = BayesianSoftmaxRegression.Fit(x, labels, 2, options);
        var diagonal = BayesianSoftmaxRegression.Fit(x, labels, 2, options with { FullCovarianceUpTo = 0 });
        Assert.NotNull(full.Weights.Covariance);
        Assert.Null(diagonal.Weights.Covariance);

        var probe = new SparseMatrix(2, [0, 2, 4], [0, 1, 0, 1], [0.5f, 0.5f, 0.5f, -0.5f]);
        var mean = new float[4];
        var fullVariance = new float[4];
        var diagonalVariance = new float[4];
        full.LogitMoments(probe, mean, fullVariance);
        diagonal.LogitMoments(probe, mean, diagonalVariance);

        // Full: far more uncertain along the unseen direction than along the seen one; the diagonal cannot tell them apart.
        Assert.True(fullVariance[2] > fullVariance[0] * 3, $"seen {fullVariance[0]}, unseen {fullVariance[2]}");
        Assert.Equal(diagonalVariance[0], diagonalVariance[2], 4);

        // And the full covariance survives a model file.
        using var stream = new MemoryStream();
        Tagloop.Learning.Serialization.ModelFile.Save(stream, new(["a", "b"], HashedTfidfEncoder.Fit(["a b"]), full));
        stream.Position = 0;
        var loaded = (BayesianSoftmaxRegression)Tagloop.Learning.Serialization.ModelFile.Load(stream).Model;
        var again = new float[4];
        loaded.LogitMoments(probe, mean, again);
        Assert.Equal(fullVariance, again);
    }

    // Three classes, each marked by its own feature (0, 1 or 2) plus shared noise features.
    private static (SparseMatrix X, int[] Y) Synthetic()
    {
        var random = new Random(7);
        var starts = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            var label = i % 3;
            labels.Add(label);
            var noise = 10 + random.Next(20);
            indices.AddRange([label, noise]);
            values.AddRange([1f, 0.5f]);
            starts.Add(indices.Count);
        }

        return (new SparseMatrix(100, [.. starts], [.. indices], [.. values]), [.. labels]);
    }
}
