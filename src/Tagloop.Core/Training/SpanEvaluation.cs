using Tagloop.Learning.Spans;

namespace Tagloop.Core.Training;

/// <summary>Entity-level figures of a span tagger, cross-validated over the fully answered sentences (CoNLL exact match).</summary>
/// <param name="Folds">How many folds the sentences were split into.</param>
/// <param name="Sentences">How many fully answered sentences were scored.</param>
public sealed record SpanEvaluation(int Folds, int Sentences, EntityReport Report);
