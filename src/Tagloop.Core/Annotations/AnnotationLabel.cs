namespace Tagloop.Core.Annotations;

/// <summary>A label given to a whole document by an annotation.</summary>
public sealed class AnnotationLabel
{
    public long AnnotationId { get; set; }

    public int LabelId { get; set; }
}
