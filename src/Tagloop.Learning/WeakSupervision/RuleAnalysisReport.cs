namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// <see cref="RuleAnalysis"/>'s result: each rule's figures and the totals, as shares of all documents — covered by any
/// rule, voted on by two or more rules (overlap), given two or more different classes (conflict) — and how many gold
/// documents were given.
/// </summary>
public sealed record RuleAnalysisReport(
    IReadOnlyList<RuleStatistics> Rules,
    int Documents,
    double Coverage,
    double Overlap,
    double Conflict,
    int GoldDocuments);
