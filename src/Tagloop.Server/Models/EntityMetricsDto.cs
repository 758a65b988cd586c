namespace Tagloop.Server.Models;

/// <summary>
/// A span tagger's entity-level figures, cross-validated over the fully answered sentences with CoNLL semantics (an
/// entity counts only when its start, end and type are all right).
/// </summary>
/// <param name="EvaluatedSentences">How many fully answered sentences the figures come from (evaluation lags the model's own count between schedules).</param>
/// <param name="Folds">How many folds they were split into.</param>
/// <param name="EntityF1">Micro-averaged F1 over all entities.</param>
/// <param name="MacroF1">Mean of the per-type F1.</param>
/// <param name="TokenAccuracy">Share of tokens whose tag (IOB2) is right.</param>
/// <param name="Types">Per entity type, in the project's label order.</param>
public sealed record EntityMetricsDto(int EvaluatedSentences, int Folds, double EntityF1, double Precision, double Recall, double MacroF1, double TokenAccuracy, IReadOnlyList<EntityTypeMetricsDto> Types);

/// <summary>One entity type's figures: <c>support</c> entities in the answers, <c>predicted</c> by the tagger, <c>correct</c> exactly.</summary>
public sealed record EntityTypeMetricsDto(string Type, double Precision, double Recall, double F1, int Support, int Predicted, int Correct);
