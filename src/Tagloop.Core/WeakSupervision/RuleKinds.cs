using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>The names rule kinds and matches go by in the API, the database and packages.</summary>
public static class RuleKinds
{
    public const string Any = "any";
    public const string All = "all";

    private static readonly (RuleKind Kind, string Name)[] Kinds =
    [
        (RuleKind.Keywords, "keywords"),
        (RuleKind.Regex, "regex"),
        (RuleKind.Similar, "similar"),
        (RuleKind.LabelDescription, "label-description"),
        (RuleKind.Metadata, "metadata"),
    ];

    /// <summary>Every kind's name, in the order the API lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Kinds.Select(k => k.Name)];

    public static string Name(RuleKind kind) =>
        Array.Find(Kinds, k => k.Kind == kind).Name ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a rule kind.");

    public static string Name(RuleMatch match) => match switch
    {
        RuleMatch.Any => Any,
        RuleMatch.All => All,
        _ => throw new ArgumentOutOfRangeException(nameof(match), match, "Not a match."),
    };

    /// <summary>The kind named <paramref name="name"/> (whatever the case, surrounding spaces ignored), or null.</summary>
    public static RuleKind? ParseKind(string? name)
    {
        var trimmed = name?.Trim();
        foreach (var (kind, known) in Kinds)
        {
            if (string.Equals(trimmed, known, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>The match named <paramref name="name"/> (whatever the case), or null.</summary>
    public static RuleMatch? ParseMatch(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "ANY" => RuleMatch.Any,
        "ALL" => RuleMatch.All,
        _ => null,
    };
}
