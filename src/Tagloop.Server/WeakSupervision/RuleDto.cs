using Tagloop.Core.WeakSupervision;

namespace Tagloop.Server.WeakSupervision;

/// <summary>
/// A labelling rule: what it looks at (<c>kind</c>: keywords, regex, similar, label-description, metadata) with that
/// kind's fields, the label it votes, whether it is on (<c>note</c>: why not), its version and who wrote and changed it.
/// </summary>
public sealed record RuleDto(
    int Id, string Name, string Label, string Kind, IReadOnlyList<string> Terms, string Match, bool CaseSensitive, string? Pattern,
    IReadOnlyList<string> Examples, IReadOnlyList<long> ExampleDocumentIds, double? Threshold, string? MetaField, string? MetaValue,
    bool Enabled, string? Note, int Version, string CreatedBy, DateTimeOffset CreatedAt, string UpdatedBy, DateTimeOffset UpdatedAt)
{
    public static RuleDto From(RuleSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var r = summary.Rule;
        return new(r.Id, r.Name, summary.Label, RuleKinds.Name(r.Kind), [.. r.Terms], RuleKinds.Name(r.Match), r.CaseSensitive, r.Pattern,
            [.. r.Examples], [.. r.ExampleDocumentIds], r.Threshold, r.MetaField, r.MetaValue, r.Enabled, r.Note, r.Version,
            r.CreatedBy, r.CreatedAt, r.UpdatedBy, r.UpdatedAt);
    }
}
