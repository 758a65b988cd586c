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
    /// The same pool as the posterior gives it before calibration: moments that a model calibrated with
    /// <paramref name="calibration"/> produced, the calibration undone (the mean times the temperature, the variance
    /// times its square over the variance share), and their probabilities. O(rows × classes); no row is scored again.
    /// </summary>
    public static AcquisitionInput Uncalibrated(AcquisitionInput input, Calibration calibration)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(calibration);
        if (calibration == Calibration.None)
        {
            return input;
        }

        var t = calibration.Temperature;
        var varianceFactor = t * t / calibration.VarianceScale;
        var mean = new float[input.LogitMean.Length];
        var variance = new float[mean.Length];
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = input.LogitMean[i] * t;
            variance[i] = input.LogitVariance[i] * varianceFactor;
        }

        var probabilities = new float[mean.Length];
        BayesianSoftmaxRegression.ProbitSoftmax(mean, variance, input.Classes, probabilities);
        return input with { LogitMean = mean, LogitVariance = variance, Probabilities = probabilities };
    }

    /// <summary>
    /// The strategy input for a multi-label model: per-label probabilities (rows × labels) and, since each label is
    /// a yes/no question of its own, the strategy's score summed over the labels (for BALD, the mutual information of
    /// independent labels is the sum of theirs).
    /// </summary>
    /// <param name="scoreUncalibrated">Score each label's question as its posterior gives it before calibration (the probabilities stay calibrated).</param>
    public static (AcquisitionInput Input, float[] Scores) MultiLabel(BayesianMultiLabelRegression model, FeatureRows x, int[]? rows, IAcquisitionStrategy strategy, int seed, SpanProjection? projection = null, bool scoreUncalibrated = false)
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

            strategy.Score(scoreUncalibrated ? Uncalibrated(binary, model.Labels[c].Calibration) : binary, labelScores, seed + c);
            for (var i = 0; i < n; i++)
            {
                scores[i] += labelScores[i];
            }
        }

        return (new AcquisitionInput(n, k, new float[n * k], new float[n * k], probabilities), scores);
    }
}
