namespace Tagloop.Core.Annotations;

/// <summary>
/// How one person annotates, for the project's owners: how much, how fast, how often they skip or flag, how often the
/// model, cross-validated so that it never learnt the answer it is compared with, agrees with them, and how often the
/// final labels reviewers decided do.
/// </summary>
/// <param name="Answers">Their current answers.</param>
/// <param name="Skips">Their current skips.</param>
/// <param name="Flags">Their current answers and skips that carry a flag.</param>
/// <param name="SkipRate">Skips over answers and skips; null before either.</param>
/// <param name="FlagRate">Flags over answers and skips; null before either.</param>
/// <param name="MedianSeconds">The median time spent on an answer, as the page measured it; null when none was measured.</param>
/// <param name="ModelCompared">How many of their answers the cross-validated model has a prediction for (single-label projects).</param>
/// <param name="ModelAgreement">The share of those where the model's most probable label is theirs; null when none.</param>
/// <param name="LastActive">When they last answered or skipped.</param>
/// <param name="FinalCompared">How many of their answers are on documents a reviewer decided, by someone else (a reviewer's own
/// answers on documents they decided are left out: they would agree with themselves).</param>
/// <param name="FinalAgreement">The share of those whose labels are exactly the final ones; null when none.</param>
public sealed record AnnotatorFigures(
    string Annotator,
    int Answers,
    int Skips,
    int Flags,
    double? SkipRate,
    double? FlagRate,
    double? MedianSeconds,
    int ModelCompared,
    double? ModelAgreement,
    DateTimeOffset? LastActive,
    int FinalCompared = 0,
    double? FinalAgreement = null);
