namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A rule as someone writes it: a name, the label it votes (by name), its kind by name (<see cref="RuleKinds"/>) and
/// the fields of that kind. Left out: match <c>any</c>, case-insensitive, enabled, threshold
/// <see cref="LabellingRules.DefaultThreshold"/>.
/// </summary>
public sealed record NewRule
{
    public string? Name { get; init; }

    public string? Label { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<string>? Terms { get; init; }

    public string? Match { get; init; }

    public bool? CaseSensitive { get; init; }

    public string? Pattern { get; init; }

    public IReadOnlyList<string>? Examples { get; init; }

    public IReadOnlyList<long>? ExampleDocumentIds { get; init; }

    public double? Threshold { get; init; }

    public string? MetaField { get; init; }

    public string? MetaValue { get; init; }

    public bool? Enabled { get; init; }

    public string? Note { get; init; }

    internal RuleUpdate AsUpdate() => new()
    {
        Name = Name ?? "",
        Label = Label,
        Kind = Kind,
        Terms = Terms,
        Match = Match,
        CaseSensitive = CaseSensitive,
        Pattern = Pattern,
        Examples = Examples,
        ExampleDocumentIds = ExampleDocumentIds,
        Threshold = Threshold,
        MetaField = MetaField,
        MetaValue = MetaValue,
        Enabled = Enabled,
        Note = Note,
    };
}
