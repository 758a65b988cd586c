namespace Tagloop.Learning.Spans;

/// <summary>A decoded entity and the model's probability that exactly this span is an entity of this type.</summary>
public readonly record struct ScoredSpan(TokenSpan Span, double Probability);
