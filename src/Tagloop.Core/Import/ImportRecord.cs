namespace Tagloop.Core.Import;

/// <summary>One document read from a file: its text, metadata (a JSON object, or null) and pre-filled labels.</summary>
public sealed record ImportRecord(long Line, string Text, string? MetaJson, IReadOnlyList<string> Labels);
