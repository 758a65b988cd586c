namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// One rule's figures from <see cref="RuleAnalysis"/>. Shares are of all documents: <see cref="Coverage"/> where it
/// votes, <see cref="Overlap"/> where it votes and another rule votes too, <see cref="Conflict"/> where another rule
/// votes a different class. Against gold: <see cref="Correct"/> and <see cref="Incorrect"/> votes (null when no gold
/// was given), the empirical accuracy and its 95% Wilson interval (NaN when the rule votes on no gold document).
/// </summary>
public sealed record RuleStatistics(
    int Rule,
    IReadOnlyList<int> Polarity,
    int Votes,
    double Coverage,
    double Overlap,
    double Conflict,
    int? Correct,
    int? Incorrect,
    double Accuracy,
    double AccuracyLow,
    double AccuracyHigh);
