namespace Tagloop.Core.Import;

/// <summary>
/// A pre-annotated span of an imported record: [<paramref name="Start"/>, <paramref name="End"/>) in UTF-16 code units of
/// the record's text (converted from the file's unit), its entity type, where in the record it was read
/// (<paramref name="Field"/>, such as <c>spans[2]</c>, for messages) and, when it is not the record's, the line it is on.
/// </summary>
public sealed record ImportSpan(int Start, int End, string Label, string Field, long? Line = null);
