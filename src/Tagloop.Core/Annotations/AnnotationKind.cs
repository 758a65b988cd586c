namespace Tagloop.Core.Annotations;

/// <summary>Whether an annotation answers the document or passes on it.</summary>
public enum AnnotationKind
{
    Answer = 0,
    Skip = 1,
}
