namespace Tagloop.Core.Export;

/// <summary>One exported answer or skip with its document.</summary>
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
    string? FlagNote);
