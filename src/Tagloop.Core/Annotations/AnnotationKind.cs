namespace Tagloop.Core.Annotations;

/// <summary>Whether an annotation answers the document, passes on it, or answers part of it.</summary>
public enum AnnotationKind
{
    Answer = 0,
    Skip = 1,

    /// <summary>
    /// A span-tagging answer that covers only some of the document (the sentences answered so far, see
    /// <see cref="Annotation.Regions"/>) or only teach-mode judgements of single spans: the model learns from it, but
    /// the document stays open in the queue until its answers cover all of it.
    /// </summary>
    Partial = 2,
}
