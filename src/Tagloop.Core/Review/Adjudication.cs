namespace Tagloop.Core.Review;

/// <summary>
/// A reviewer's final label for a document, kept apart from the annotators' answers (which stay, for agreement). It
/// overrides the majority for training and export until it is withdrawn.
/// </summary>
public sealed class Adjudication
{
    public long DocumentId { get; set; }

    public int ProjectId { get; set; }

    public required string DecidedBy { get; set; }

    public DateTimeOffset DecidedAt { get; set; }

    /// <summary>Why, in the reviewer's words (optional).</summary>
    public string? Note { get; set; }

    public List<AdjudicationLabel> Labels { get; set; } = [];
}
