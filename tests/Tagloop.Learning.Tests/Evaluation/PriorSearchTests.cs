using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Learning.Tests.Evaluation;

public sealed class PriorSearchTests
{
    [Fact]
    public void Choosing_the_prior_by_held_out_likelihood_finds_flipped_labels_better_than_the_weak_training_prior()
    {
        var (x, labels, flipped, truth) = Clusters(rows: 600, classes: 3, dimension: 100, seed: 11);
        var options = new BayesianSoftmaxOptions();

        var search = PriorSearch.Run(x, labels, 3, options)!;
        var weak = CrossValidation.Run(x, labels, 3, options)!;
        var searched = PrecisionAtRecall(ConfidentLearning.Rank(search.Predictions.Probabilities(), labels, 3), flipped, 0.9);
        var unsearched = PrecisionAtRecall(ConfidentLearning.Rank(weak.Probabilities(), labels, 3), flipped, 0.9);

        // With as many dimensions as a sixth of the rows, the weak prior fits the flipped labels along directions of
        // noise; a stronger one, chosen without looking at a clean label, leaves them to the class means.
        Assert.True(search.PriorPrecision > options.PriorPrecision, $"chose λ {search.PriorPrecision}: {searched:0.000} against {unsearched:0.000}");
        Assert.Equal(search.Losses.Min(l => l.Loss), search.Losses.Single(l => l.PriorPrecision == search.PriorPrecision).Loss);
        Assert.True(searched >= 0.9, $"precision at recall 0.9: {searched:0.000} (λ {search.PriorPrecision})");
        Assert.True(searched > unsearched + 0.2, $"searched {searched:0.000}, weak prior {unsearched:0.000}");

        // The cut flags most flipped labels, mostly flipped ones, and suggests their true label.
        var cut = ConfidentLearning.Find(search.Predictions.Probabilities(), labels, 3);
        var hits = cut.Where(s => flipped.Contains(s.Row)).ToList();
        Assert.True(hits.Count >= 0.75 * flipped.Count && hits.Count >= 0.75 * cut.Count, $"{hits.Count} of {cut.Count} flagged, {flipped.Count} flipped");
        Assert.True(hits.Count(s => s.Suggested == truth[s.Row]) >= 0.9 * hits.Count);
    }

    [Fact]
    public void A_search_started_from_last_time_s_choice_reaches_the_same_prior_with_fewer_cross_validations_when_it_was_right()
    {
        var (x, labels, _, _) = Clusters(rows: 300, classes: 3, dimension: 100, seed: 7);
        var options = new BayesianSoftmaxOptions();
        var cold = PriorSearch.Run(x, labels, 3, options)!;
        var warm = PriorSearch.Run(x, labels, 3, options, 5, cold.Step)!;
        Assert.Equal(cold.PriorPrecision, warm.PriorPrecision);
        Assert.Equal(Math.Pow(10, cold.Step / 2.0), cold.PriorPrecision);
        Assert.True(warm.Losses.Count <= 3, $"{warm.Losses.Count} cross-validations");
        Assert.Equal(cold.Predictions.Probabilities(), warm.Predictions.Probabilities());

        // From the far end of the grid it walks back to the same minimum (the loss is unimodal here).
        var far = PriorSearch.Run(x, labels, 3, options, 5, PriorSearch.LowestStep)!;
        Assert.Equal(cold.PriorPrecision, far.PriorPrecision);
    }

    [Fact]
    public void The_search_is_deterministic()
    {
        var (x, labels, _, _) = Clusters(rows: 200, classes: 3, dimension: 100, seed: 4);
        var first = PriorSearch.Run(x, labels, 3, new BayesianSoftmaxOptions())!;
        var second = PriorSearch.Run(x, labels, 3, new BayesianSoftmaxOptions())!;
        Assert.Equal(first.PriorPrecision, second.PriorPrecision);
        Assert.Equal(first.Losses, second.Losses);
        Assert.Equal(first.Predictions.Probabilities(), second.Predictions.Probabilities());
        Assert.Null(PriorSearch.Run(x.SelectRows([0, 1, 2]), [0, 1, 2], 3, new BayesianSoftmaxOptions()));
    }

    // Three Gaussian clusters (unit spread, means about one spread apart), the rows centred as a project's embeddings
    // are; a fifth of the labels flipped to another class.
    private static (FeatureRows X, int[] Labels, HashSet<int> Flipped, int[] Truth) Clusters(int rows, int classes, int dimension, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var means = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, dimension).Select(_ => Normal() / Math.Sqrt(dimension)).ToArray()).ToArray();
        var values = new float[rows * dimension];
        var labels = new int[rows];
        var truth = new int[rows];
        var flipped = new HashSet<int>();
        for (var i = 0; i < rows; i++)
        {
            truth[i] = labels[i] = i % classes;
            for (var j = 0; j < dimension; j++)
            {
                values[(i * dimension) + j] = (float)(means[truth[i]][j] + (Normal() / Math.Sqrt(dimension)));
            }

            if (random.NextDouble() < 0.2)
            {
                labels[i] = (truth[i] + 1 + random.Next(classes - 1)) % classes;
                flipped.Add(i);
            }
        }

        var dense = new DenseMatrix(dimension, values);
        return (new FeatureRows(null, dense.WithCenter(dense.Mean())), labels, flipped, truth);
    }

    private static double PrecisionAtRecall(IReadOnlyList<SuspectedLabel> ranked, HashSet<int> flipped, double recall)
    {
        var needed = (int)Math.Ceiling(recall * flipped.Count);
        var hits = 0;
        for (var k = 0; k < ranked.Count; k++)
        {
            hits += flipped.Contains(ranked[k].Row) ? 1 : 0;
            if (hits >= needed)
            {
                return (double)hits / (k + 1);
            }
        }

        return 0;
    }
}
