namespace Tagloop.Core.Export;

/// <summary>
/// One exported answer or skip with its document, and the document's final label: a reviewer's, or what its answers
/// agree on (<see cref="Review.FinalLabel"/>); <paramref name="DecidedBy"/> says which.
/// </summary>
public sealed record ExportRow(
    long AnnotationId,
    long DocumentId,
    string Text,
    string? MetaJson,
    IReadOnlyList<string> Labels,
    string Author,
    string Source,
    bool Skipped,
    DateTimeOffset CreatedAt,
    double? SecondsSpent,
    bool Flagged,
    string? FlagNote,
    IReadOnlyList<string>? Final = null,
    string? DecidedBy = null)
{
    /// <summary>The answer's entity spans (span-tagging projects), in UTF-16 code units of <see cref="ExportRow.Text"/>, ordered by start.</summary>
    public IReadOnlyList<ExportSpan> Spans { get; init; } = [];

    /// <summary>
    /// A span-tagging answer that covers only parts of the document (<see cref="Annotations.AnnotationKind.Partial"/>): those
    /// parts, in UTF-16 code units; null when it covers the whole document (and for classification).
    /// </summary>
    public IReadOnlyList<Annotations.TextRange>? Regions { get; init; }
}

/// <summary>An exported entity span: [<paramref name="Start"/>, <paramref name="End"/>) in UTF-16 code units of the document's text, and its entity type.</summary>
public sealed record ExportSpan(int Start, int End, string Label);
