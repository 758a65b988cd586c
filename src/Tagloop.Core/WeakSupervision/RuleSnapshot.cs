namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A rule's definition as written, its kind and match by their API names and its label by name (and id, where it has
/// one): what each version keeps and what a project's rule package carries.
/// </summary>
public sealed record RuleSnapshot
{
    public required string Name { get; init; }

    public required string Label { get; init; }

    /// <summary>The label's id in its project; null in a package (labels are matched by name) and once the label is gone.</summary>
    public int? LabelId { get; init; }

    /// <summary><c>keywords</c>, <c>regex</c>, <c>similar</c>, <c>label-description</c> or <c>metadata</c>.</summary>
    public required string Kind { get; init; }

    public IReadOnlyList<string> Terms { get; init; } = [];

    /// <summary><c>any</c> or <c>all</c>.</summary>
    public string Match { get; init; } = RuleKinds.Any;

    public bool CaseSensitive { get; init; }

    public string? Pattern { get; init; }

    public IReadOnlyList<string> Examples { get; init; } = [];

    public IReadOnlyList<long> ExampleDocumentIds { get; init; } = [];

    public double? Threshold { get; init; }

    public string? MetaField { get; init; }

    public string? MetaValue { get; init; }

    public bool Enabled { get; init; } = true;

    public string? Note { get; init; }

    /// <summary>The rule as it stands, its label named <paramref name="label"/>.</summary>
    public static RuleSnapshot Of(LabellingRule rule, string label)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new()
        {
            Name = rule.Name,
            Label = label,
            LabelId = rule.LabelId,
            Kind = RuleKinds.Name(rule.Kind),
            Terms = [.. rule.Terms],
            Match = RuleKinds.Name(rule.Match),
            CaseSensitive = rule.CaseSensitive,
            Pattern = rule.Pattern,
            Examples = [.. rule.Examples],
            ExampleDocumentIds = [.. rule.ExampleDocumentIds],
            Threshold = rule.Threshold,
            MetaField = rule.MetaField,
            MetaValue = rule.MetaValue,
            Enabled = rule.Enabled,
            Note = rule.Note,
        };
    }
}
