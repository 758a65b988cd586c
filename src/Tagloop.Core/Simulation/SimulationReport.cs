using System.Text.Json.Serialization;

namespace Tagloop.Core.Simulation;

/// <summary>The JSON that <c>tagloop simulate --json</c> writes; its shape is public.</summary>
public sealed record SimulationReport(
    [property: JsonPropertyName("train")] int Train,
    [property: JsonPropertyName("test")] int Test,
    [property: JsonPropertyName("classes")] int Classes,
    [property: JsonPropertyName("encoder")] string Encoder,
    [property: JsonPropertyName("full_data")] Score FullData,
    [property: JsonPropertyName("strategies")] IReadOnlyDictionary<string, StrategyReport> Strategies);

/// <summary>
/// Accuracy, macro-F1 and expected calibration error (15 equal-width bins of the top probability; for multi-label
/// models, of each label's yes/no probability) of one model, and its mean confidence (the mean top probability, or of
/// each label's yes/no answer): above the accuracy the model is over-confident, below it under-confident.
/// Multi-label accuracy is the share of rows whose whole label set is right.
/// </summary>
public sealed record Score(
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("macro_f1")] double MacroF1,
    [property: JsonPropertyName("ece")] double Ece,
    [property: JsonPropertyName("confidence")] double? Confidence = null)
{
    /// <summary>Span tagging only: entity-level F1 (CoNLL exact match, micro over types), 0–1; absent for classification.</summary>
    [JsonPropertyName("entity_f1")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EntityF1 { get; init; }
}

/// <summary>One strategy's learning curve (means over repeats) and how long each update took.</summary>
public sealed record StrategyReport(
    [property: JsonPropertyName("curve")] IReadOnlyList<CurvePoint> Curve,
    [property: JsonPropertyName("labels_to_95pct_full")] int? LabelsTo95PercentOfFull,
    [property: JsonPropertyName("update_ms_median")] double UpdateMsMedian,
    [property: JsonPropertyName("update_ms_p95")] double UpdateMsP95)
{
    /// <summary>Wall time of all the strategy's repeats, scoring and evaluation included; absent when not measured.</summary>
    [JsonPropertyName("seconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Seconds { get; init; }
}

/// <summary>A point of a learning curve: mean accuracy, macro-F1, calibration error and confidence over repeats after so many labels, with the accuracy's spread.</summary>
public sealed record CurvePoint(
    [property: JsonPropertyName("labels")] int Labels,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("macro_f1")] double MacroF1,
    [property: JsonPropertyName("accuracy_sd")] double AccuracySd,
    [property: JsonPropertyName("ece")] double Ece,
    [property: JsonPropertyName("confidence")] double? Confidence = null)
{
    /// <summary>Span tagging only: mean entity-level F1 over repeats, 0–1; absent for classification.</summary>
    [JsonPropertyName("entity_f1")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EntityF1 { get; init; }

    /// <summary>Span tagging only: mean tokens in the labelled sentences over repeats (what the answers cost); absent for classification.</summary>
    [JsonPropertyName("tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Tokens { get; init; }
}
