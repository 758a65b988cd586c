namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A change to a rule: fields left null stay as they are (an empty note removes the note). Changing the kind keeps only
/// the fields of the new kind. With <see cref="Version"/>, the change applies only to that version of the rule.
/// </summary>
public sealed record RuleUpdate
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

    /// <summary>Switches the rule on or off; switching it on clears its note unless <see cref="Note"/> gives one.</summary>
    public bool? Enabled { get; init; }

    public string? Note { get; init; }

    /// <summary>The version the change was made to; another current version makes it a conflict.</summary>
    public int? Version { get; init; }
}
