namespace Tagloop.Core.Taxonomy;

/// <summary>
/// A label an answer carried before a taxonomy change took it away (the label was merged, split or deleted): kept as
/// history, out of every count and of training. The label's name is kept with it, since the label itself is gone.
/// </summary>
public sealed class RetiredAnnotationLabel
{
    public long Id { get; set; }

    public long AnnotationId { get; set; }

    /// <summary>The change that retired it.</summary>
    public long ChangeId { get; set; }

    public int LabelId { get; set; }

    public required string LabelName { get; set; }

    /// <summary>For a span, where it was (characters, as <see cref="Annotations.AnnotationSpan"/> counts them).</summary>
    public int? Start { get; set; }

    public int? End { get; set; }
}
