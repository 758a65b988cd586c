using Tagloop.Core.Tasks;

namespace Tagloop.Server.Tasks;

/// <summary>
/// Documents set aside for one person: chosen by ids, a text search, a metadata value, or several of these; with how
/// many documents that is now and how many the person still has to answer.
/// </summary>
public sealed record AssignmentDto(
    int Id, string User, IReadOnlyList<long> DocumentIds, string? Search, string? MetaField, string? MetaValue, string? Note,
    string CreatedBy, DateTimeOffset CreatedAt, int Documents, int Open)
{
    public static AssignmentDto From(AssignmentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var a = summary.Assignment;
        return new(a.Id, a.Assignee, [.. a.Documents.Select(d => d.DocumentId).Order()], a.Search, a.MetaField, a.MetaValue, a.Note,
            a.CreatedBy, a.CreatedAt, summary.Documents, summary.Open);
    }
}
