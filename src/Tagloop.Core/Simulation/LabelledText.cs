namespace Tagloop.Core.Simulation;

/// <summary>
/// A text with its true label, as the simulate command reads it; <see cref="Labels"/>, when given, makes it a
/// multi-label row (any number of labels, <see cref="Label"/> then unused).
/// </summary>
public sealed record LabelledText(string Text, string Label)
{
    public IReadOnlyList<string>? Labels { get; init; }
}
