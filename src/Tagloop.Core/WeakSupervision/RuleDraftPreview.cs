namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// What a rule draft would do over the project's documents: how many it votes on (<paramref name="Hits"/>, and as a
/// share of all, <paramref name="Coverage"/>); of those with a label so far, how many its label agrees with, with the
/// accuracy and its 95% Wilson interval (null without any; always null in a multi-label project); the shares of its
/// hits where a switched-on rule also votes (<paramref name="Overlaps"/>) and votes another label
/// (<paramref name="Conflicts"/>); why it could not run (<paramref name="Error"/>, hits then 0); and a page of its hits.
/// </summary>
public sealed record RuleDraftPreview(
    int Documents,
    int Hits,
    double Coverage,
    int Answered,
    int Correct,
    double? Accuracy,
    double? AccuracyLow,
    double? AccuracyHigh,
    double Overlaps,
    double Conflicts,
    string? Error,
    int Page,
    int PageSize,
    IReadOnlyList<RuleHit> HitsPage);
