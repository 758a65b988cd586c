namespace Tagloop.Core.Training.Difficulty;

/// <summary>
/// What to do about a label, in plain words. <see cref="Kind"/> is <c>too-rare</c>, <c>consider-merging</c> or
/// <c>hard</c>; for a merge, <see cref="Merge"/> is the label to merge and <see cref="Into"/> the one it would join.
/// </summary>
public sealed record LabelNote(string Kind, string Text, string? Merge = null, string? Into = null)
{
    public const string TooRare = "too-rare";

    public const string ConsiderMerging = "consider-merging";

    public const string Hard = "hard";
}
