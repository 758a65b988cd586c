using Tagloop.Core.Common;

namespace Tagloop.Core.Documents;

/// <summary>
/// Which documents the browse view lists: <c>all</c>, <c>unlabelled</c>, <c>labelled</c>, <c>flagged</c>, <c>skipped</c>,
/// <c>label:NAME</c> or <c>suspect</c> (answers the model confidently disagrees with: the server fills
/// <see cref="Documents"/> from its current model).
/// </summary>
public sealed record DocumentFilter(DocumentFilterKind Kind, string? Label = null)
{
    /// <summary>For <c>suspect</c>: the documents the current model suspects, most suspicious first.</summary>
    public IReadOnlyList<long>? Documents { get; init; }

    public static readonly DocumentFilter All = new(DocumentFilterKind.All);

    public static Outcome<DocumentFilter> Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.StartsWith("label:", StringComparison.OrdinalIgnoreCase))
        {
            var label = value["label:".Length..].Trim();
            return label.Length == 0
                ? Problem.Invalid("filter", "Filter 'label:' needs a label name, e.g. label:spam.")
                : new DocumentFilter(DocumentFilterKind.Label, label);
        }

        return value.ToLowerInvariant() switch
        {
            "" or "all" => All,
            "unlabelled" or "unlabeled" => new DocumentFilter(DocumentFilterKind.Unlabelled),
            "labelled" or "labeled" => new DocumentFilter(DocumentFilterKind.Labelled),
            "flagged" => new DocumentFilter(DocumentFilterKind.Flagged),
            "skipped" => new DocumentFilter(DocumentFilterKind.Skipped),
            "suspect" => new DocumentFilter(DocumentFilterKind.Suspect),
            _ => Problem.Invalid("filter", $"Unknown filter '{value}'; use all, unlabelled, labelled, flagged, skipped, suspect or label:NAME."),
        };
    }
}
