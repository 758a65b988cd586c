namespace Tagloop.Core.Training.Difficulty;

/// <summary>
/// Whether the task looks learnable from the labels so far. <see cref="Verdict"/> is <c>learnable</c>, <c>unclear</c>
/// or <c>not-yet</c>; <see cref="Baseline"/> is what always guessing the most common label would score (accuracy; for a
/// multi-label project, the macro-F1 of saying yes to every label), <see cref="Chance"/> what guessing blindly would;
/// <see cref="HoldingBack"/> names the labels with a note, hardest first. <see cref="Caveat"/> says why the figures are
/// not yet a fair estimate for the corpus, and how to get one.
/// </summary>
public sealed record Feasibility(
    string Verdict,
    string Text,
    string Caveat,
    double Baseline,
    double Chance,
    double Accuracy,
    double MacroF1,
    int Labels,
    IReadOnlyList<string> HoldingBack)
{
    public const string Learnable = "learnable";

    public const string Unclear = "unclear";

    public const string NotYet = "not-yet";
}
