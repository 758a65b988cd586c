using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Acquisition;

/// <summary>Scores unlabelled rows with a strategy: logit moments once, predictive probabilities from them, then the strategy's scores.</summary>
public static class PoolScorer
{
    /// <summary>The strategy input for the pool rows <paramref name="rows"/> of <paramref name="x"/> (every row when null): logit moments and predictive probabilities.</summary>
    public static AcquisitionInput Moments(BayesianSoftmaxRegression model, FeatureRows x, int[]? rows = null, SpanProjection? projection = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        var n = rows?.Length ?? x.Rows;
        var k = model.Classes;
        var mean = new float[n * k];
        var variance = new float[n * k];
        var probabilities = new float[n * k];
        model.LogitMoments(x, rows, mean, variance, projection);
        BayesianSoftmaxRegression.ProbitSoftmax(mean, variance, k, probabilities);
        return new AcquisitionInput(n, k, mean, variance, probabilities);
    }

    /// <summary>
    /// The strategy input for a multi-label model: per-label probabilities (rows × labels) and, since each label is
    /// a yes/no question of its own, the strategy's score summed over the labels (for BALD, the mutual information of
    /// independent labels is the sum of theirs).
    /// </summary>
    public static (AcquisitionInput Input, float[] Scores) MultiLabel(BayesianMultiLabelRegression model, FeatureRows x, int[]? rows, IAcquisitionStrategy strategy, int seed, SpanProjection? projection = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(strategy);
        var n = rows?.Length ?? x.Rows;
        var k = model.Classes;
        var probabilities = new float[n * k];
        var scores = new float[n];
        var labelScores = new float[n];
        for (var c = 0; c < k; c++)
        {
            var binary = Moments(model.Labels[c], x, rows, projection);
            for (var i = 0; i < n; i++)
            {
                probabilities[(i * k) + c] = binary.Probabilities[(i * 2) + 1];
            }

            strategy.Score(binary, labelScores, seed + c);
            for (var i = 0; i < n; i++)
            {
                scores[i] += labelScores[i];
            }
        }

        return (new AcquisitionInput(n, k, new float[n * k], new float[n * k], probabilities), scores);
    }
}
