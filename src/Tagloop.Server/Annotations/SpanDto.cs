namespace Tagloop.Server.Annotations;

/// <summary>A labelled span: [Start, End) in UTF-16 code units of the document text.</summary>
public sealed record SpanDto(int Start, int End, string Label)
{
    /// <summary>A teach-mode judgement that this span is not <see cref="Label"/> (never an entity of the answer).</summary>
    public bool Rejected { get; init; }
}
