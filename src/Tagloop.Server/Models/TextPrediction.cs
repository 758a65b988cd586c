namespace Tagloop.Server.Models;

/// <summary>
/// The model's answer for one text: the most likely label and every label's probability; for multi-label projects
/// also every label whose probability is at least one half (each label's probability is then its own yes/no).
/// </summary>
public sealed record TextPrediction(string Label, IReadOnlyDictionary<string, double> Probabilities, IReadOnlyList<string>? Labels = null)
{
    /// <summary>Span-tagging projects: the entities found, in order (then <see cref="Label"/> is empty and <see cref="Probabilities"/> holds nothing).</summary>
    public IReadOnlyList<PredictedSpanDto>? Spans { get; init; }
}
