namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// One saved rule's figures, as for a draft (<see cref="RuleDraftPreview"/>): the labels it votes
/// (<paramref name="Polarity"/>), hits, coverage, overlaps and conflicts with the other switched-on rules (as shares of
/// its hits), agreement with the labels so far, and why it could not run (<paramref name="Error"/>).
/// </summary>
public sealed record RuleFigures(
    int Id,
    string Name,
    string Label,
    bool Enabled,
    IReadOnlyList<string> Polarity,
    int Hits,
    double Coverage,
    double Overlaps,
    double Conflicts,
    int Answered,
    int Correct,
    double? Accuracy,
    double? AccuracyLow,
    double? AccuracyHigh,
    string? Error);
