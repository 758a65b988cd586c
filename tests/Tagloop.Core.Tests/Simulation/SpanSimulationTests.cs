using System.Text.Json;
using Tagloop.Core.Simulation;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Tests.Simulation;

public sealed class SpanSimulationTests
{
    [Fact]
    public void A_span_simulation_is_repeatable_learns_and_its_json_carries_entity_f1()
    {
        var train = GeneratedEntities.Sentences(400, seed: 1);
        var test = GeneratedEntities.Sentences(150, seed: 2);
        var settings = new SpanSimulationSettings([SentenceAcquisition.Mnlp, SentenceAcquisition.Random], SeedLabels: 5, Batch: 5, Budget: 30, Repeats: 2);

        var first = SpanSimulation.Run(train, test, settings);
        var second = SpanSimulation.Run(train, test, settings);
        Assert.Equal(first.Strategies[SentenceAcquisition.Mnlp].Curve, second.Strategies[SentenceAcquisition.Mnlp].Curve);

        // A point every batch of five sentences, from the seed to the budget.
        Assert.Equal([5, 10, 15, 20, 25, 30], first.Strategies[SentenceAcquisition.Random].Curve.Select(p => p.Labels));
        Assert.Equal(3, first.Classes);
        Assert.Equal(SpanSimulation.FeaturesName, first.Encoder);

        // Generated sentences are easy: the tagger trained on every one of them tags the test set almost perfectly, and
        // thirty chosen sentences come close.
        Assert.InRange(first.FullData.EntityF1!.Value, 0.95, 1);
        Assert.InRange(first.Strategies[SentenceAcquisition.Mnlp].Curve[^1].EntityF1!.Value, 0.8, 1);
        Assert.True(first.Strategies[SentenceAcquisition.Mnlp].Curve[^1].EntityF1 > first.Strategies[SentenceAcquisition.Mnlp].Curve[0].EntityF1);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(first));
        var root = json.RootElement;
        Assert.Equal(400, root.GetProperty("train").GetInt32());
        Assert.Equal(150, root.GetProperty("test").GetInt32());
        foreach (var key in new[] { "accuracy", "macro_f1", "ece", "entity_f1" })
        {
            Assert.True(root.GetProperty("full_data").TryGetProperty(key, out _), key);
        }

        var point = root.GetProperty("strategies").GetProperty("mnlp").GetProperty("curve")[0];
        foreach (var key in new[] { "labels", "accuracy", "macro_f1", "accuracy_sd", "ece", "entity_f1" })
        {
            Assert.True(point.TryGetProperty(key, out _), key);
        }

        Assert.InRange(point.GetProperty("entity_f1").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("strategies").GetProperty("random").TryGetProperty("update_ms_p95", out _));
    }

    [Fact]
    public void Curves_count_the_tokens_labelled_and_surprisal_asks_for_longer_sentences_than_random()
    {
        var train = GeneratedEntities.Sentences(300, seed: 5);
        var test = GeneratedEntities.Sentences(100, seed: 6);
        var settings = new SpanSimulationSettings([SentenceAcquisition.Surprisal, SentenceAcquisition.Mnlp, SentenceAcquisition.Random], SeedLabels: 5, Batch: 10, Budget: 35, Repeats: 2);
        var first = SpanSimulation.Run(train, test, settings);
        var second = SpanSimulation.Run(train, test, settings with { FullData = first.FullData });
        Assert.Equal(first.Strategies[SentenceAcquisition.Surprisal].Curve, second.Strategies[SentenceAcquisition.Surprisal].Curve);
        Assert.Equal(first.FullData, second.FullData);

        // Every strategy starts from the same seed sentences, so from the same tokens; then each batch adds tokens.
        var seedTokens = first.Strategies[SentenceAcquisition.Random].Curve[0].Tokens;
        Assert.InRange(seedTokens!.Value, 5 * 4, 5 * 15);
        foreach (var s in first.Strategies.Values)
        {
            Assert.Equal(seedTokens, s.Curve[0].Tokens);
            Assert.All(s.Curve.Zip(s.Curve.Skip(1)), p => Assert.True(p.Second.Tokens > p.First.Tokens));
            Assert.NotNull(s.Seconds);
        }

        // The longest sentences hold the most the tagger is unsure of: surprisal's picks cost more tokens than random's.
        Assert.True(first.Strategies[SentenceAcquisition.Surprisal].Curve[^1].Tokens > first.Strategies[SentenceAcquisition.Random].Curve[^1].Tokens);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(first));
        var strategy = json.RootElement.GetProperty("strategies").GetProperty("surprisal");
        Assert.True(strategy.GetProperty("curve")[1].GetProperty("tokens").GetDouble() > 0);
        Assert.True(strategy.GetProperty("seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Classification_points_have_no_entity_f1()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(new CurvePoint(10, 0.5, 0.5, 0, 0.1)));
        Assert.False(json.RootElement.TryGetProperty("entity_f1", out _));
        Assert.False(json.RootElement.TryGetProperty("tokens", out _));
    }

    [Fact]
    public void Bald_scores_come_from_a_bootstrap_ensemble_and_every_strategy_runs()
    {
        var train = GeneratedEntities.Sentences(120, seed: 3);
        var test = GeneratedEntities.Sentences(40, seed: 4);
        var report = SpanSimulation.Run(train, test, new SpanSimulationSettings(SentenceAcquisition.Names, SeedLabels: 4, Batch: 4, Budget: 12, Repeats: 1));
        Assert.Equal(SentenceAcquisition.Names.Order(), report.Strategies.Keys.Order());
        Assert.All(report.Strategies.Values, s => Assert.Equal([4, 8, 12], s.Curve.Select(p => p.Labels)));
    }

    [Fact]
    public void A_test_entity_type_the_training_data_never_uses_is_refused_by_name()
    {
        var train = new[] { new TaggedSentence(["Anna", "ran"], ["B-PER", "O"]) };
        var test = new[] { new TaggedSentence(["Paris"], ["B-LOC"]) };
        var error = Assert.Throws<ArgumentException>(() => SpanSimulation.Run(train, test, new SpanSimulationSettings(["random"], 1, 1, 1, 1)));
        Assert.Contains("'LOC'", error.Message, StringComparison.Ordinal);
    }
}
