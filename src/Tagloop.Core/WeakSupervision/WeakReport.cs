using System.Text.Json.Serialization;

namespace Tagloop.Core.WeakSupervision;

/// <summary>The JSON that <c>tagloop weak --json</c> writes; its shape is public (issue 11). Accuracies are on the test split.</summary>
public sealed record WeakReport(
    [property: JsonPropertyName("train")] int Train,
    [property: JsonPropertyName("test")] int Test,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("rules")] IReadOnlyList<WeakRuleScore> Rules,
    [property: JsonPropertyName("majority_vote")] WeakScore MajorityVote,
    [property: JsonPropertyName("label_model")] WeakModelScore LabelModel,
    [property: JsonPropertyName("extended")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WeakScore? Extended,
    [property: JsonPropertyName("end_model")] WeakEndScore EndModel,
    [property: JsonPropertyName("fit_ms")] double FitMs)
{
    /// <summary>The encoder the end model (and the similarity rules and the extension) used.</summary>
    [JsonPropertyName("encoder")]
    public string? Encoder { get; init; }

    /// <summary>Per rule, the cosine radius the extension used (with --extend).</summary>
    [JsonPropertyName("extension_radii")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? ExtensionRadii { get; init; }

    /// <summary>How the label model was chosen: the name asked for, or "auto: …" with the reason.</summary>
    [JsonPropertyName("label_model_choice")]
    public string? LabelModelChoice { get; init; }

    /// <summary>Milliseconds from votes to a trained end model (label model fit, extension, end model), encoding excluded.</summary>
    [JsonPropertyName("rules_to_end_model_ms")]
    public double? RulesToEndModelMs { get; init; }
}

/// <summary>A rule's coverage of the test split and its accuracy where it votes there (null when it never votes).</summary>
public sealed record WeakRuleScore(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("coverage")] double Coverage,
    [property: JsonPropertyName("accuracy")] double? Accuracy);

/// <summary>Accuracy over the test documents covered (at least one vote) and the share covered.</summary>
public sealed record WeakScore(
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("coverage")] double Coverage);

/// <summary>The label model's name, its accuracy over the covered test documents and the share covered.</summary>
public sealed record WeakModelScore(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("coverage")] double Coverage);

/// <summary>The end model's accuracy and macro-F1 over every test document.</summary>
public sealed record WeakEndScore(
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("macro_f1")] double MacroF1);
