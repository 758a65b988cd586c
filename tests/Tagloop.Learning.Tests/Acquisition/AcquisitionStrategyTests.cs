using Tagloop.Learning.Acquisition;

namespace Tagloop.Learning.Tests.Acquisition;

public sealed class AcquisitionStrategyTests
{
    [Fact]
    public void Bald_prefers_model_disagreement_over_agreed_ambiguity()
    {
        // Row 0: both classes equally likely and every model agrees (tiny variance): ambiguous text.
        // Row 1: the mean says 50/50 too, but the models disagree strongly (large variance).
        // Row 2: confident and certain.
        var input = new AcquisitionInput(3, 2,
            LogitMean: [0, 0, 0, 0, 4, -4],
            LogitVariance: [0.001f, 0.001f, 25, 25, 0.001f, 0.001f],
            Probabilities: [0.5f, 0.5f, 0.5f, 0.5f, 0.9997f, 0.0003f]);
        var scores = new float[3];
        new BaldStrategy().Score(input, scores, seed: 1);
        Assert.True(scores[1] > scores[0] * 10, $"disagreement {scores[1]} vs ambiguity {scores[0]}");
        Assert.True(scores[1] > scores[2]);

        var entropy = new float[3];
        new UncertaintyStrategy(UncertaintyMeasure.Entropy).Score(input, entropy, seed: 1);
        Assert.Equal(entropy[0], entropy[1], 0.001f);
    }

    [Fact]
    public void Uncertainty_measures_rank_the_least_sure_row_first()
    {
        var input = new AcquisitionInput(2, 3, new float[6], new float[6], [0.4f, 0.35f, 0.25f, 0.9f, 0.05f, 0.05f]);
        foreach (var measure in new[] { UncertaintyMeasure.LeastConfidence, UncertaintyMeasure.Margin, UncertaintyMeasure.Entropy })
        {
            var scores = new float[2];
            new UncertaintyStrategy(measure).Score(input, scores, 0);
            Assert.True(scores[0] > scores[1], measure.ToString());
        }
    }

    [Fact]
    public void Strategies_are_found_by_name_and_the_same_seed_gives_the_same_scores()
    {
        foreach (var name in AcquisitionCatalog.Names)
        {
            Assert.Equal(name, AcquisitionCatalog.Find(name)!.Name);
        }

        Assert.Null(AcquisitionCatalog.Find("psychic"));
        var input = new AcquisitionInput(50, 2, new float[100], Enumerable.Repeat(1f, 100).ToArray(), Enumerable.Repeat(0.5f, 100).ToArray());
        var a = new float[50];
        var b = new float[50];
        new BaldStrategy().Score(input, a, seed: 3);
        new BaldStrategy().Score(input, b, seed: 3);
        Assert.Equal(a, b);
        new RandomStrategy().Score(input, a, seed: 3);
        new RandomStrategy().Score(input, b, seed: 3);
        Assert.Equal(a, b);
    }
}
