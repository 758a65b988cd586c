namespace Tagloop.Core.Import;

/// <summary>
/// The column names a CSV import takes for the text and the labels when none is chosen, in order of preference (any
/// case). The web page's import form picks by the same lists (web/src/csv.ts), so the page, the API and the CLI agree.
/// </summary>
public static class CsvColumnNames
{
    public static IReadOnlyList<string> Text { get; } = ["text", "body", "content", "message", "document", "sentence", "review", "comment"];

    public static IReadOnlyList<string> Label { get; } = ["label", "labels", "category", "class", "tag"];

    /// <summary>The index of the header's column named by the first of <paramref name="names"/> that it has; −1 when none.</summary>
    public static int Find(IReadOnlyList<string> header, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            for (var i = 0; i < header.Count; i++)
            {
                if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>"'text', 'body', … or 'comment'".</summary>
    public static string Listed(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Count == 1 ? $"'{names[0]}'" : string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'")) + $" or '{names[^1]}'";
    }
}
