using System.Text.Json;
using Tagloop.Server.Annotations;

namespace Tagloop.Server.Documents;

/// <summary>A whole document with every annotation made on it, newest first.</summary>
public sealed record DocumentDto(long Id, string Text, JsonElement? Meta, IReadOnlyList<AnnotationDto> Annotations)
{
    /// <summary>The document's final label and how it was decided; null before any answer, and for an annotator (who answers independently).</summary>
    public Review.FinalDto? Final { get; init; }
}
