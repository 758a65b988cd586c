using System.Globalization;
using System.Text;

namespace Tagloop.Server.Export;

/// <summary>Safe download names such as <c>spam-filter-2026-11-24.jsonl</c>.</summary>
internal static class FileNames
{
    public static string ForExport(string projectName, DateTimeOffset when, string extension)
    {
        var slug = new StringBuilder();
        foreach (var c in projectName.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var name = slug.ToString().Trim('-');
        if (name.Length == 0)
        {
            name = "project";
        }

        return $"{name}-{when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{extension}";
    }
}
