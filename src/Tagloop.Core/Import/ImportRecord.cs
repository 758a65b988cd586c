namespace Tagloop.Core.Import;

/// <summary>One document read from a file: its text, metadata (a JSON object, or null) and pre-filled labels.</summary>
public sealed record ImportRecord(long Line, string Text, string? MetaJson, IReadOnlyList<string> Labels)
{
    /// <summary>
    /// Pre-annotated entity spans (UTF-16 offsets of <see cref="Text"/>), for span-tagging projects: null when the record
    /// carries no answer; empty when it says the document holds no entity.
    /// </summary>
    public IReadOnlyList<ImportSpan>? Spans { get; init; }
}
