namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A keyword rule worth writing: its label and terms (one word or pair of words, as a keywords rule takes it); of the
/// <paramref name="Support"/> labelled documents holding the term, <paramref name="Correct"/> have the label
/// (<paramref name="Precision"/>, with its 95% Wilson interval); <paramref name="Hits"/> documents of the whole project
/// hold it (<paramref name="Coverage"/> of them).
/// </summary>
public sealed record SuggestedRule(
    string Label, IReadOnlyList<string> Terms, double Precision, double PrecisionLow, double PrecisionHigh, int Support, int Correct, double Coverage, int Hits);
