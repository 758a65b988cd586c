namespace Tagloop.Core.Documents;

/// <summary>One row of the browse view: a text preview and the document's current answers.</summary>
public sealed record DocumentSummary(
    long Id,
    string Text,
    bool Truncated,
    string? MetaJson,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Annotators,
    bool Flagged,
    bool Skipped,
    DateTimeOffset? AnnotatedAt);
