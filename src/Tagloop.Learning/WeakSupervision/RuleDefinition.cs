namespace Tagloop.Learning.WeakSupervision;

/// <summary>What a rule looks at.</summary>
public enum RuleKind
{
    /// <summary>A list of keywords (<see cref="RuleDefinition.Terms"/>), any or all of them.</summary>
    Keywords,

    /// <summary>A regular expression (<see cref="RuleDefinition.Pattern"/>), run with a match timeout.</summary>
    Regex,

    /// <summary>Cosine similarity to example texts (<see cref="RuleDefinition.Examples"/>) over the project's encoder, at least <see cref="RuleDefinition.Threshold"/>.</summary>
    Similar,

    /// <summary>Cosine similarity to the description of the rule's label, at least <see cref="RuleDefinition.Threshold"/>.</summary>
    LabelDescription,

    /// <summary>A document metadata field equal to a value (<see cref="RuleDefinition.MetaField"/>, <see cref="RuleDefinition.MetaValue"/>).</summary>
    Metadata,
}

/// <summary>Whether a keyword rule needs any one of its terms or all of them.</summary>
public enum RuleMatch
{
    Any,
    All,
}

/// <summary>
/// A labelling rule an expert writes without code: when it matches a document it votes <see cref="Label"/>, else it
/// abstains. Keywords match whole words unless a term says otherwise: <c>refund*</c> matches words starting with
/// "refund", <c>*fund</c> words ending with it, <c>*fund*</c> any text containing it.
/// </summary>
public sealed record RuleDefinition
{
    public required string Name { get; init; }

    /// <summary>The label voted when the rule matches (a label name; the caller maps it to a class index).</summary>
    public required string Label { get; init; }

    public required RuleKind Kind { get; init; }

    /// <summary>Keywords or phrases (a phrase is several words in a row), for <see cref="RuleKind.Keywords"/>.</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    public RuleMatch Match { get; init; } = RuleMatch.Any;

    public bool CaseSensitive { get; init; }

    /// <summary>The regular expression, for <see cref="RuleKind.Regex"/> (.NET syntax).</summary>
    public string? Pattern { get; init; }

    /// <summary>Example texts, for <see cref="RuleKind.Similar"/>.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>The least cosine similarity that counts as a match, for <see cref="RuleKind.Similar"/> and <see cref="RuleKind.LabelDescription"/>.</summary>
    public double? Threshold { get; init; }

    /// <summary>The metadata field and the value it must equal, for <see cref="RuleKind.Metadata"/>.</summary>
    public string? MetaField { get; init; }

    public string? MetaValue { get; init; }
}
