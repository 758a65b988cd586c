namespace Tagloop.Core.Annotations;

/// <summary>A part [Start, End) of a document's text, in UTF-16 code units of the whole document.</summary>
public sealed record TextRange(int Start, int End);
