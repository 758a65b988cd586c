using System.Text.Json;

namespace Tagloop.Core.Training.Difficulty;

/// <summary>
/// One evaluated training, read back from <see cref="TrainingRun.EvaluationJson"/>: what the model was learning (the
/// classes, or a tagger's entity types), each one's held-out F1 and support, and for a single-label model the confusion
/// matrix (rows = the label given, columns = the label guessed).
/// </summary>
/// <param name="Labels">Labelled documents (sentences for a tagger) the run learnt from.</param>
public sealed record EvaluatedRun(
    int Labels,
    EvaluatedTask Task,
    IReadOnlyList<string> Classes,
    IReadOnlyList<double> F1,
    IReadOnlyList<int> Support,
    IReadOnlyList<IReadOnlyList<int>> Confusion,
    double Accuracy,
    double MacroF1)
{
    /// <summary>The run's figures, or null when the JSON is not an evaluation this reads (an older or broken row).</summary>
    public static EvaluatedRun? Read(int labels, string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.TryGetProperty("entityTypes", out var types) && root.TryGetProperty("report", out var report))
            {
                var scores = report.GetProperty("types").EnumerateArray().ToDictionary(t => t.GetProperty("type").GetString() ?? "", StringComparer.Ordinal);
                var names = types.EnumerateArray().Select(t => t.GetString() ?? "").ToList();
                return new EvaluatedRun(labels, EvaluatedTask.Spans, names,
                    [.. names.Select(n => scores.TryGetValue(n, out var s) ? s.GetProperty("f1").GetDouble() : 0)],
                    [.. names.Select(n => scores.TryGetValue(n, out var s) ? s.GetProperty("support").GetInt32() : 0)],
                    [], report.GetProperty("tokenAccuracy").GetDouble(), report.GetProperty("macroF1").GetDouble());
            }

            var classes = root.GetProperty("classes").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
            var evaluation = root.GetProperty("evaluation");
            var perLabel = evaluation.GetProperty("perLabel").EnumerateArray().ToList();
            var confusion = evaluation.GetProperty("confusion").EnumerateArray()
                .Select(r => (IReadOnlyList<int>)[.. r.EnumerateArray().Select(c => c.GetInt32())]).ToList();
            if (perLabel.Count != classes.Count || (confusion.Count != 0 && confusion.Count != classes.Count))
            {
                return null;
            }

            return new EvaluatedRun(labels, confusion.Count == 0 ? EvaluatedTask.MultiLabel : EvaluatedTask.SingleLabel, classes,
                [.. perLabel.Select(s => s.GetProperty("f1").GetDouble())], [.. perLabel.Select(s => s.GetProperty("support").GetInt32())],
                confusion, evaluation.GetProperty("accuracy").GetDouble(), evaluation.GetProperty("macroF1").GetDouble());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The figures of a model's current evaluation.</summary>
    public static EvaluatedRun From(int labels, IReadOnlyList<string> classes, ModelEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(evaluation);
        return new EvaluatedRun(labels, evaluation.Confusion.Count == 0 ? EvaluatedTask.MultiLabel : EvaluatedTask.SingleLabel, classes,
            [.. evaluation.PerLabel.Select(s => s.F1)], [.. evaluation.PerLabel.Select(s => s.Support)], evaluation.Confusion,
            evaluation.Accuracy, evaluation.MacroF1);
    }
}
