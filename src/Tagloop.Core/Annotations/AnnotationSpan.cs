namespace Tagloop.Core.Annotations;

/// <summary>A labelled span of a document: [Start, End) in UTF-16 code units of the document's text.</summary>
public sealed class AnnotationSpan
{
    public long Id { get; set; }

    public long AnnotationId { get; set; }

    public int Start { get; set; }

    public int End { get; set; }

    public int LabelId { get; set; }

    /// <summary>A teach-mode "this span is not <see cref="LabelId"/>": known to be wrong, not an entity of the answer.</summary>
    public bool Rejected { get; set; }
}
