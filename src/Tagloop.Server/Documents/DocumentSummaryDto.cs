using System.Text.Json;
using Tagloop.Core.Documents;

namespace Tagloop.Server.Documents;

/// <summary>A browse row as the API returns it.</summary>
public sealed record DocumentSummaryDto(
    long Id,
    string Text,
    bool Truncated,
    JsonElement? Meta,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Annotators,
    bool Flagged,
    bool Skipped,
    DateTimeOffset? AnnotatedAt)
{
    public static DocumentSummaryDto From(DocumentSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Text, s.Truncated, Hosting.Meta.ToJson(s.MetaJson), s.Labels, s.Annotators, s.Flagged, s.Skipped, s.AnnotatedAt);
    }
}
