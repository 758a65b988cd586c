namespace Tagloop.Core.Documents;

/// <summary>The kinds of browse filter.</summary>
public enum DocumentFilterKind
{
    All,
    Unlabelled,
    Labelled,
    Flagged,
    Skipped,
    Label,

    /// <summary>Answers the current model confidently disagrees with (likely mislabels).</summary>
    Suspect,
}
