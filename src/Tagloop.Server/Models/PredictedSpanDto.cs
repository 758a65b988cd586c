namespace Tagloop.Server.Models;

/// <summary>An entity the tagger found in a text: [Start, End) in UTF-16 code units, its type, and the probability of exactly this span and type.</summary>
public sealed record PredictedSpanDto(int Start, int End, string Label, double Probability);
