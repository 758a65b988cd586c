using Tagloop.Core.Annotations;

namespace Tagloop.Server.Annotations;

/// <summary>An annotation as the API returns it.</summary>
public sealed record AnnotationDto(
    long Id,
    long DocumentId,
    string Author,
    string Kind,
    IReadOnlyList<string> Labels,
    IReadOnlyList<SpanDto> Spans,
    DateTimeOffset CreatedAt,
    double? SecondsSpent,
    bool Flagged,
    string? FlagNote,
    string Source,
    bool IsCurrent)
{
    /// <summary>Labels this answer carried that a change to the labels took away (merged, split or deleted), kept as history.</summary>
    public IReadOnlyList<string> RetiredLabels { get; init; } = [];

    /// <summary>Span-tagging: the parts of the document this answer covers completely (kind <c>partial</c>); null when it covers all of it.</summary>
    public IReadOnlyList<TextRange>? Regions { get; init; }

    public static AnnotationDto From(Annotation annotation, IReadOnlyDictionary<int, string> labelNames)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        ArgumentNullException.ThrowIfNull(labelNames);
        return new(
            annotation.Id,
            annotation.DocumentId,
            annotation.Author,
            annotation.Kind switch { AnnotationKind.Skip => "skip", AnnotationKind.Partial => "partial", _ => "answer" },
            [.. annotation.Labels.Select(l => labelNames[l.LabelId])],
            [.. annotation.Spans.OrderBy(s => s.Start).Select(s => new SpanDto(s.Start, s.End, labelNames[s.LabelId]) { Rejected = s.Rejected })],
            annotation.CreatedAt,
            annotation.SecondsSpent,
            annotation.Flagged,
            annotation.FlagNote,
            annotation.Source,
            annotation.IsCurrent)
        {
            Regions = SpanRegions.Parse(annotation.Regions),
        };
    }
}
