namespace Tagloop.Core.Annotations;

/// <summary>An annotator's answer as submitted.</summary>
/// <param name="DocumentId">The document answered.</param>
/// <param name="Labels">Label names for the whole document (one for single-label projects).</param>
/// <param name="SecondsSpent">Time the annotator spent on the document.</param>
/// <param name="Flag">Marks the document for review, e.g. unclear or broken text; left out (null), the author's flag and note on the document, if any, stay.</param>
/// <param name="FlagNote">Why it was flagged.</param>
/// <param name="Skip">Passes on the document without labels.</param>
/// <param name="Spans">Labelled spans, for span-tagging projects (snapped outwards to whole tokens when stored).</param>
/// <param name="Region">
/// Span-tagging, correct mode: the part of the document this answer covers completely ("inside it the entities are
/// exactly these spans"); the author's earlier spans there are replaced, those elsewhere kept. Left out: the whole document.
/// </param>
/// <param name="Accept">Span-tagging, teach mode: the one span in <paramref name="Spans"/> is (true) or is not (false) an entity of its label; nothing else is implied.</param>
public sealed record NewAnnotation(
    long DocumentId,
    IReadOnlyList<string>? Labels = null,
    double? SecondsSpent = null,
    bool? Flag = null,
    string? FlagNote = null,
    bool Skip = false,
    IReadOnlyList<NewSpan>? Spans = null,
    TextRange? Region = null,
    bool? Accept = null);
