using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Acquisition;

/// <summary>Scores unlabelled rows with a strategy: logit moments once, predictive probabilities from them, then the strategy's scores.</summary>
public static class PoolScorer
{
    public static PoolScores Score(BayesianSoftmaxRegression model, SparseMatrix pool, IAcquisitionStrategy strategy, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(strategy);
        var k = model.Classes;
        var mean = new float[pool.Rows * k];
        var variance = new float[pool.Rows * k];
        var probabilities = new float[pool.Rows * k];
        model.LogitMoments(pool, mean, variance);
        BayesianSoftmaxRegression.ProbitSoftmax(mean, variance, k, probabilities);
        var scores = new float[pool.Rows];
        strategy.Score(new AcquisitionInput(pool.Rows, k, mean, variance, probabilities), scores, seed);
        return new PoolScores(probabilities, scores);
    }
}
