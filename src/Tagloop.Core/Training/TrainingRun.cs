using System.Text.Json;

namespace Tagloop.Core.Training;

/// <summary>
/// The record of one finished training of a project: the model version it published (or, when it failed, the one it
/// would have), its figures, and for a failure the error. The rows make the learning curve, and the last succeeded
/// version is where numbering continues after a restart.
/// </summary>
public sealed class TrainingRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public long Id { get; set; }

    public int ProjectId { get; set; }

    public int Version { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>Labelled documents the model learnt from (0 for a failed run).</summary>
    public int Labels { get; set; }

    /// <summary>Cross-validated figures; null below <see cref="ModelEvaluation.MinimumLabels"/> labels or for a failed run.</summary>
    public double? Accuracy { get; set; }

    public double? MacroF1 { get; set; }

    public double? AccuracySd { get; set; }

    public double TrainingMs { get; set; }

    public TrainingRunStatus Status { get; set; }

    public string? Error { get; set; }

    /// <summary>The label names and the full <see cref="ModelEvaluation"/> as JSON: <c>{"classes": [...], "evaluation": {...}}</c>.</summary>
    public string? EvaluationJson { get; set; }

    public static TrainingRun Succeeded(ModelSnapshot snapshot, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // Figures belong to the run that computed them; a run between evaluations records none.
        var evaluation = snapshot.EvaluatedLabels == snapshot.Labels ? snapshot.Evaluation : null;
        return new TrainingRun
        {
            ProjectId = snapshot.ProjectId,
            Version = snapshot.Version,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Labels = snapshot.Labels,
            Accuracy = evaluation?.Accuracy,
            MacroF1 = evaluation?.MacroF1,
            AccuracySd = evaluation?.AccuracySd,
            TrainingMs = snapshot.TrainingMilliseconds,
            Status = TrainingRunStatus.Succeeded,
            EvaluationJson = evaluation is null ? null : JsonSerializer.Serialize(new { classes = snapshot.Classes, evaluation }, Json),
        };
    }

    /// <summary>
    /// A span tagger's run: <see cref="Labels"/> counts the sentences it learnt from; with an evaluation of this run,
    /// <see cref="Accuracy"/> is the cross-validated token accuracy and <see cref="MacroF1"/> the entity-level macro F1.
    /// </summary>
    public static TrainingRun Succeeded(SpanModelSnapshot snapshot, DateTimeOffset startedAt, DateTimeOffset finishedAt, bool evaluatedNow)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var report = evaluatedNow ? snapshot.Evaluation?.Report : null;
        return new TrainingRun
        {
            ProjectId = snapshot.ProjectId,
            Version = snapshot.Version,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Labels = snapshot.Sentences,
            Accuracy = report?.TokenAccuracy,
            MacroF1 = report?.MacroF1,
            TrainingMs = snapshot.TrainingMilliseconds,
            Status = TrainingRunStatus.Succeeded,
            EvaluationJson = report is null ? null : JsonSerializer.Serialize(new { entityTypes = snapshot.EntityTypes, entityF1 = report.Overall.F1, report }, Json),
        };
    }

    public static TrainingRun Failed(int projectId, int version, DateTimeOffset startedAt, DateTimeOffset finishedAt, string error) => new()
    {
        ProjectId = projectId,
        Version = version,
        StartedAt = startedAt,
        FinishedAt = finishedAt,
        TrainingMs = (finishedAt - startedAt).TotalMilliseconds,
        Status = TrainingRunStatus.Failed,
        Error = error,
    };
}
