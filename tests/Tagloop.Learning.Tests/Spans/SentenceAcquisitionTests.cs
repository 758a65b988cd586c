using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class SentenceAcquisitionTests
{
    private static readonly string[] Labels = ["O", "B-PER"];

    [Fact]
    public void Bald_is_the_entropy_of_the_mean_minus_the_mean_entropy_per_token()
    {
        // One token; the members disagree (0.9/0.1 against 0.1/0.9): H(0.5, 0.5) − H(0.9, 0.1) = ln 2 − 0.325083 = 0.368064.
        var a = Prediction([0.9, 0.1], -0.1);
        var b = Prediction([0.1, 0.9], -0.1);
        Assert.Equal(Math.Log(2) + (0.9 * Math.Log(0.9)) + (0.1 * Math.Log(0.1)), SentenceAcquisition.MutualInformation([a, b]), 12);

        // Members that agree know as much as each other: nothing to learn, however unsure each is.
        var unsure = Prediction([0.5, 0.5], -0.69);
        Assert.Equal(0, SentenceAcquisition.MutualInformation([unsure, unsure]), 12);
        Assert.True(SentenceAcquisition.Score(SentenceAcquisition.TokenEntropy, unsure) > SentenceAcquisition.Score(SentenceAcquisition.TokenEntropy, a));

        // Two tokens: the mean over tokens, so a sentence twice as long is not twice as interesting.
        var c = Prediction([0.9, 0.1, 0.5, 0.5], -0.8);
        var d = Prediction([0.1, 0.9, 0.5, 0.5], -0.8);
        Assert.Equal(SentenceAcquisition.MutualInformation([a, b]) / 2, SentenceAcquisition.Score(SentenceAcquisition.Bald, c, [c, d]), 12);
    }

    [Fact]
    public void Least_confidence_and_mnlp_read_the_best_path()
    {
        var p = Prediction([0.9, 0.1, 0.8, 0.2], Math.Log(0.6));
        Assert.Equal(0.4, SentenceAcquisition.Score(SentenceAcquisition.LeastConfidence, p), 12);
        Assert.Equal(-Math.Log(0.6) / 2, SentenceAcquisition.Score(SentenceAcquisition.Mnlp, p), 12);
        Assert.Equal(0.25, SentenceAcquisition.Score(SentenceAcquisition.Random, p, tieBreak: 0.25));
    }

    [Fact]
    public void Bad_requests_are_refused_by_name()
    {
        var p = Prediction([0.9, 0.1], -0.1);
        Assert.Contains("'deep-magic'", Assert.Throws<ArgumentException>(() => SentenceAcquisition.Score("deep-magic", p)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SentenceAcquisition.Score(SentenceAcquisition.Bald, p));
        Assert.Throws<ArgumentException>(() => SentenceAcquisition.MutualInformation([p, Prediction([0.9, 0.1, 0.5, 0.5], -1)]));
        Assert.Equal(SentenceAcquisition.Mnlp, SentenceAcquisition.Find(" MNLP "));
        Assert.Null(SentenceAcquisition.Find("margin"));
    }

    private static CrfPrediction Prediction(double[] marginals, double logBest)
    {
        var tokens = marginals.Length / Labels.Length;
        var tags = Enumerable.Range(0, tokens).Select(t => marginals[t * 2] >= marginals[(t * 2) + 1] ? "O" : "B-PER").ToArray();
        return new CrfPrediction(Labels, tags, [], marginals, logBest);
    }
}
