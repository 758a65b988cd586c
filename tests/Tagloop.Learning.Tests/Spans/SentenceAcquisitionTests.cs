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
    public void Surprisal_is_the_whole_sentence_negative_log_probability_so_length_adds_up()
    {
        // P(best path) = 0.6 over two tokens: surprisal −ln 0.6 = 0.510826, MNLP half of it.
        var two = Prediction([0.9, 0.1, 0.8, 0.2], Math.Log(0.6));
        Assert.Equal(0.5108256237659907, SentenceAcquisition.Score(SentenceAcquisition.Surprisal, two), 12);

        // Four tokens each as unsure as those two (P = 0.36): the same MNLP, twice the surprisal.
        var four = Prediction([0.9, 0.1, 0.8, 0.2, 0.9, 0.1, 0.8, 0.2], 2 * Math.Log(0.6));
        Assert.Equal(SentenceAcquisition.Score(SentenceAcquisition.Mnlp, two), SentenceAcquisition.Score(SentenceAcquisition.Mnlp, four), 12);
        Assert.Equal(2 * 0.5108256237659907, SentenceAcquisition.Score(SentenceAcquisition.Surprisal, four), 12);
        Assert.True(SentenceAcquisition.SpreadsBatches(SentenceAcquisition.Surprisal));
        Assert.False(SentenceAcquisition.SpreadsBatches(SentenceAcquisition.Mnlp));
        Assert.Equal(SentenceAcquisition.Surprisal, SentenceAcquisition.Find("Surprisal"));
    }

    [Fact]
    public void A_batch_passes_over_near_copies_of_sentences_already_in_it()
    {
        string[][] tokens =
        [
            ["Eastern", "Division"],          // 0: score 0.9, taken first
            ["EASTERN", "DIVISION"],          // 1: 0.8, the same words in capitals: Jaccard 1, passed over
            ["Western", "Division"],          // 2: 0.7, {western, division} against {eastern, division}: 1/3, taken
            ["Carlisle", "0", "Hull", "2"],   // 3: 0.6, the same template as 4 once digits read as 0: passed over
            ["Carlisle", "3", "Hull", "1", "."], // 4: 0.65, taken
        ];
        double[] scores = [0.9, 0.8, 0.7, 0.6, 0.65];
        Assert.Equal([0, 2, 4], SentenceAcquisition.SelectBatch(scores, tokens, 3));

        // Too few distinct candidates: the batch is filled with the best of those passed over, in score order.
        Assert.Equal([0, 2, 4, 1, 3], SentenceAcquisition.SelectBatch(scores, tokens, 5));
        Assert.Equal([0, 2, 4, 1], SentenceAcquisition.SelectBatch(scores, tokens, 4));

        // {eastern, division, results} against {eastern, division}: 2/3, a near-copy at 0.5 but not at 0.7.
        string[][] near = [["Eastern", "Division"], ["Eastern", "Division", "results", ":"], ["Cup", "final"]];
        Assert.Equal([0, 2], SentenceAcquisition.SelectBatch([3.0, 2.0, 1.0], near, 2));
        Assert.Equal([0, 1], SentenceAcquisition.SelectBatch([3.0, 2.0, 1.0], near, 2, maxSimilarity: 0.7));

        // Equal scores are taken in the candidates' order, and the same input gives the same batch.
        Assert.Equal([1, 2], SentenceAcquisition.SelectBatch([1.0, 2.0, 2.0], [["a"], ["b"], ["c"]], 2));
        Assert.Equal(SentenceAcquisition.SelectBatch(scores, tokens, 4), SentenceAcquisition.SelectBatch(scores, tokens, 4));
    }

    [Fact]
    public void Word_keys_are_lower_case_with_digits_as_zero_and_no_punctuation()
    {
        var keys = SentenceAcquisition.WordKeys(["Hull", "2-1", ",", "--", "HULL", "3.5m"]);
        Assert.Equal(3, keys.Count);
        Assert.True(keys.SetEquals(["hull", "0-0", "0.0m"]));
        Assert.Empty(SentenceAcquisition.WordKeys([".", "("]));

        // Two lines of punctuation only are copies of each other.
        Assert.Equal([0, 2], SentenceAcquisition.SelectBatch([3.0, 2.0, 1.0], [["-"], ["."], ["Rome"]], 2));
    }

    [Fact]
    public void Bad_batch_requests_are_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => SentenceAcquisition.SelectBatch([1.0, 2.0], [["a"]], 1));
        Assert.Equal("tokens", error.ParamName);
        Assert.Equal("maxSimilarity", Assert.Throws<ArgumentOutOfRangeException>(() => SentenceAcquisition.SelectBatch([1.0], [["a"]], 1, 0)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => SentenceAcquisition.SelectBatch([1.0], [["a"]], -1)).ParamName);
        Assert.Empty(SentenceAcquisition.SelectBatch([], [], 3));
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
