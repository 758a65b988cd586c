namespace Tagloop.Server.Annotations;

/// <summary>A labelled span: [Start, End) in UTF-16 code units of the document text.</summary>
public sealed record SpanDto(int Start, int End, string Label);
