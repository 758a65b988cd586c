namespace Tagloop.Core.Review;

/// <summary>How a document's final label was decided, as exports and the API name it.</summary>
public static class FinalDecision
{
    /// <summary>A reviewer chose it.</summary>
    public const string Adjudication = "adjudication";

    /// <summary>Most of several people's answers agree on it.</summary>
    public const string Majority = "majority";

    /// <summary>One answer, nobody else's.</summary>
    public const string Single = "single";

    /// <summary>Several answers, no majority (a tie), and no reviewer yet: no final label.</summary>
    public const string Undecided = "undecided";
}
