using System.Text.Json;
using Tagloop.Core.Simulation;

namespace Tagloop.Core.Tests.Simulation;

public sealed class ActiveLearningSimulationTests
{
    [SharedDataFact("datasets", "sms_spam", "train.jsonl")]
    public void A_simulation_is_repeatable_and_its_json_has_the_public_shape()
    {
        var train = Read("train.jsonl").Take(1500).ToList();
        var test = Read("test.jsonl").Take(400).ToList();
        var settings = new SimulationSettings(["bald", "random"], SeedLabels: 10, Batch: 10, Budget: 60, Repeats: 2);

        var first = ActiveLearningSimulation.Run(train, test, settings);
        var second = ActiveLearningSimulation.Run(train, test, settings);
        Assert.Equal(first.Strategies["bald"].Curve, second.Strategies["bald"].Curve);
        // A point every batch from the first at which every repeat could train (ten random labels may all be ham).
        var counts = first.Strategies["random"].Curve.Select(p => p.Labels).ToList();
        Assert.InRange(counts[0], 10, 20);
        Assert.Equal(Enumerable.Range(0, counts.Count).Select(i => counts[0] + (10 * i)), counts);
        Assert.Equal(60, counts[^1]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(first));
        var root = json.RootElement;
        Assert.Equal(1500, root.GetProperty("train").GetInt32());
        Assert.Equal(400, root.GetProperty("test").GetInt32());
        Assert.Equal(2, root.GetProperty("classes").GetInt32());
        Assert.Equal("tfidf", root.GetProperty("encoder").GetString());
        Assert.InRange(root.GetProperty("full_data").GetProperty("accuracy").GetDouble(), 0.9, 1.0);
        Assert.True(root.GetProperty("full_data").TryGetProperty("macro_f1", out _));
        var bald = root.GetProperty("strategies").GetProperty("bald");
        var point = bald.GetProperty("curve")[0];
        Assert.InRange(root.GetProperty("full_data").GetProperty("ece").GetDouble(), 0, 1);
        foreach (var key in new[] { "labels", "accuracy", "macro_f1", "accuracy_sd", "ece" })
        {
            Assert.True(point.TryGetProperty(key, out _), key);
        }

        // The mean top probability: with two classes at least a half, and ECE can be no smaller than its gap to the accuracy.
        foreach (var score in new[] { root.GetProperty("full_data"), point })
        {
            var confidence = score.GetProperty("confidence").GetDouble();
            Assert.InRange(confidence, 0.5, 1.0);
            Assert.True(score.GetProperty("ece").GetDouble() >= Math.Abs(confidence - score.GetProperty("accuracy").GetDouble()) - 1e-9);
        }

        Assert.True(bald.TryGetProperty("labels_to_95pct_full", out _));
        Assert.True(bald.GetProperty("update_ms_median").GetDouble() > 0);
    }

    [SharedDataFact("datasets", "trec", "train.jsonl")]
    public void On_TREC_the_default_strategy_and_encoder_beat_random_at_200_labels_over_three_seeds()
    {
        var train = Read("trec", "train.jsonl").ToList();
        var test = Read("trec", "test.jsonl").ToList();
        var models = Directory.CreateTempSubdirectory("tagloop-minilm-").FullName;
        try
        {
            var settings = new SimulationSettings([Tagloop.Learning.Acquisition.AcquisitionCatalog.Default, "random"], SeedLabels: 10, Batch: 10, Budget: 200, Repeats: 3,
                Encoder: Tagloop.Learning.Encoders.TextEncoderCatalog.Default, MiniLmCacheDirectory: models);
            var report = ActiveLearningSimulation.Run(train, test, settings);
            var best = report.Strategies[Tagloop.Learning.Acquisition.AcquisitionCatalog.Default].Curve[^1];
            var random = report.Strategies["random"].Curve[^1];
            Assert.Equal(200, best.Labels);

            // The product's defaults (MiniLM + TF-IDF, margin), three seeds: 0.837 against random's 0.765. With TF-IDF
            // alone the gap was about a point, within what any rounding of the features moves a three-seed mean by.
            Assert.True(best.Accuracy > random.Accuracy + 0.03, $"default {best.Accuracy:0.000} vs random {random.Accuracy:0.000}");
            Assert.InRange(best.Accuracy, 0.80, 1);
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }
    }

    [Fact]
    public void A_test_label_the_training_data_never_uses_is_refused_by_name()
    {
        var train = new[] { new LabelledText("a", "x"), new LabelledText("b", "y") };
        var test = new[] { new LabelledText("c", "z") };
        var error = Assert.Throws<ArgumentException>(() => ActiveLearningSimulation.Run(train, test, new SimulationSettings(["random"], 1, 1, 2, 1)));
        Assert.Contains("'z'", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<LabelledText> Read(string file) => Read("sms_spam", file);

    private static IEnumerable<LabelledText> Read(string dataset, string file) =>
        File.ReadLines(SharedData.File("datasets", dataset, file)!).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return new LabelledText(row.RootElement.GetProperty("text").GetString()!, row.RootElement.GetProperty("label").GetString()!);
        });
}
