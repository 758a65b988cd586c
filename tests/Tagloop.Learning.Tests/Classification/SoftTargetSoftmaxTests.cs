using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Classification;

public sealed class SoftTargetSoftmaxTests
{
    [Fact]
    public void Without_informative_features_the_prediction_is_the_weighted_mean_target()
    {
        // One dense feature that is zero everywhere: only the (unpenalised) bias can move, and the optimum of the
        // weighted cross-entropy is the weighted mean of the targets: (1·0.7 + 3·0.1) / 4 = 0.25.
        var x = new FeatureRows(null, new DenseMatrix(1, [0f, 0f]));
        var model = SoftTargetSoftmax.Train(x, [0.7f, 0.3f, 0.1f, 0.9f], [1f, 3f], 2, new SoftTargetOptions(MaxIterations: 200));
        var p = new float[4];
        model.PredictProbabilities(x, p);
        Assert.Equal(0.25, p[0], 3);
        Assert.Equal(0.75, p[1], 3);
    }

    [Fact]
    public void A_row_weighing_two_fits_like_the_row_given_twice()
    {
        string[] texts = ["refund my order", "refund please", "the app crashes", "crash on start", "refund and crash"];
        var encoder = HashedTfidfEncoder.Fit(texts);
        float[] targets = [0.9f, 0.1f, 0.8f, 0.2f, 0.1f, 0.9f, 0f, 1f, 0.5f, 0.5f];
        var weighted = SoftTargetSoftmax.Train(encoder.Encode(texts), targets, [1f, 2f, 1f, 1f, 1f], 2, new SoftTargetOptions(MaxIterations: 300));
        string[] twice = [.. texts, texts[1]];
        var duplicated = SoftTargetSoftmax.Train(encoder.Encode(twice), [.. targets, 0.8f, 0.2f], [], 2, new SoftTargetOptions(MaxIterations: 300));
        var probe = encoder.Encode(["refund", "crash", "order crashes"]);
        var a = new float[6];
        var b = new float[6];
        weighted.PredictProbabilities(probe, a);
        duplicated.PredictProbabilities(probe, b);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(b[i], a[i], 3);
        }

        Assert.True(a[0] > 0.6 && a[2] < 0.4, $"refund → class 0 ({a[0]:0.00}), crash → class 1 ({a[3]:0.00})");
    }

    [Fact]
    public void Soft_and_dense_features_learn_a_separable_problem_and_bad_targets_are_named()
    {
        var x = new DenseMatrix(2, [1f, 0f, 0.9f, 0.1f, 0f, 1f, 0.1f, 0.9f]);
        var model = SoftTargetSoftmax.Train(new FeatureRows(null, x), [0.8f, 0.2f, 0.7f, 0.3f, 0.2f, 0.8f, 0.3f, 0.7f], [], 2);
        var p = new float[4];
        model.PredictProbabilities(new FeatureRows(null, new DenseMatrix(2, [1f, 0f, 0f, 1f])), p);
        Assert.True(p[0] > 0.5 && p[3] > 0.5);
        var error = Assert.Throws<ArgumentException>(() => SoftTargetSoftmax.Train(new FeatureRows(null, x), [0.8f, 0.3f, 0.7f, 0.3f, 0.2f, 0.8f, 0.3f, 0.7f], [], 2));
        Assert.Contains("Row 0", error.Message, StringComparison.Ordinal);
    }
}
