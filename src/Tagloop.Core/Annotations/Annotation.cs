namespace Tagloop.Core.Annotations;

/// <summary>
/// One answer by one author on one document: labels for the whole document, spans, or a skip.
/// An author's newer answer on the same document supersedes the older one, which is kept for history.
/// </summary>
public sealed class Annotation
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public long DocumentId { get; set; }

    /// <summary>Who answered: an annotator's name, or the name of an import source for pre-labelled rows.</summary>
    public required string Author { get; set; }

    public AnnotationKind Kind { get; set; } = AnnotationKind.Answer;

    /// <summary>Where the annotation came from: <c>human</c>, or <c>import:&lt;source&gt;</c>.</summary>
    public string Source { get; set; } = AnnotationSources.Human;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Seconds the annotator spent on the document before answering, when known.</summary>
    public double? SecondsSpent { get; set; }

    public bool Flagged { get; set; }

    public string? FlagNote { get; set; }

    /// <summary>False once the same author answered the same document again.</summary>
    public bool IsCurrent { get; set; } = true;

    /// <summary>For a label pre-filled by an import, that import: hidden, like its document, until the import completes.</summary>
    public long? ImportRunId { get; set; }

    /// <summary>
    /// Set when a taxonomy change took the answer's labels away (a split, or deleting the one label of a single-label
    /// answer): no longer current, kept as history, and never made current again by an undo.
    /// </summary>
    public long? RetiredByChangeId { get; set; }

    public List<AnnotationLabel> Labels { get; set; } = [];

    public List<AnnotationSpan> Spans { get; set; } = [];

    /// <summary>
    /// For a span-tagging answer, the parts of the document it covers completely, as <see cref="SpanRegions"/> writes
    /// them (<c>[[start,end],…]</c> in UTF-16 code units); null when it covers the whole document (and for classification).
    /// Outside these parts only its spans are known, not that the rest is outside any entity.
    /// </summary>
    public string? Regions { get; set; }
}
