namespace Tagloop.Core.Annotations;

/// <summary>A labelled span as submitted: [Start, End) in UTF-16 code units of the document text.</summary>
public sealed record NewSpan(int Start, int End, string Label);
