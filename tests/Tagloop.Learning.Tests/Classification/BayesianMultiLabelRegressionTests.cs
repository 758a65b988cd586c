using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Classification;

public sealed class BayesianMultiLabelRegressionTests
{
    [Fact]
    public void Each_label_is_learnt_on_its_own_and_a_text_can_get_several_labels_or_none()
    {
        string[] texts = ["a cat sat", "the cat purrs", "cat and dog play", "a dog barks", "the dog runs", "dog and cat nap", "rain today", "sunny today"];
        int[][] sets = [[0], [0], [0, 1], [1], [1], [0, 1], [], []];
        var encoder = HashedTfidfEncoder.Fit(texts);
        var model = BayesianMultiLabelRegression.Fit(encoder.Encode(texts), sets, 2, new BayesianSoftmaxOptions(PriorPrecision: 0.1));
        var predicted = model.Predict(encoder.Encode(["my cat", "my dog", "the cat with a dog", "cloudy today"]));
        Assert.Equal([0], predicted[0]);
        Assert.Equal([1], predicted[1]);
        Assert.Equal([0, 1], predicted[2]);
        Assert.Empty(predicted[3]);
        Assert.True(model.MultiLabel);
    }

    [Fact]
    public void Pool_scores_sum_each_labels_uncertainty_and_the_ranking_is_a_permutation()
    {
        string[] texts = ["a cat sat", "a dog barks", "rain today", "the dog runs"];
        var encoder = HashedTfidfEncoder.Fit(texts);
        var model = BayesianMultiLabelRegression.Fit(encoder.Encode(texts), [[0], [1], [], [1]], 2, new BayesianSoftmaxOptions());
        var pool = encoder.Encode(["a cat and a dog", "a cat", "weather"]);
        var (input, scores) = PoolScorer.MultiLabel(model, pool, null, new UncertaintyStrategy(UncertaintyMeasure.Entropy), seed: 1);
        Assert.Equal(3 * 2, input.Probabilities.Length);
        for (var i = 0; i < 3; i++)
        {
            var p0 = input.Probabilities[i * 2];
            var p1 = input.Probabilities[(i * 2) + 1];
            var expected = Entropy(p0) + Entropy(p1);
            Assert.Equal(expected, scores[i], 3);
        }

        var order = QueueRanker.Rank(new UncertaintyStrategy(UncertaintyMeasure.Entropy), input, new RankingOptions(2), 1, scores);
        Assert.Equal([0, 1, 2], order.Order());
    }

    private static float Entropy(float p) => -((p * MathF.Log(p)) + ((1 - p) * MathF.Log(1 - p)));
}
