using System.Text.RegularExpressions;
using Tagloop.Core.Common;

namespace Tagloop.Core.Users;

/// <summary>
/// Until accounts exist, an annotator is a name the client sends. The name is checked so that it can be
/// shown and exported safely and cannot pose as an import source.
/// </summary>
public static partial class AnnotatorName
{
    public const string Default = "annotator";

    public static Outcome<string> Parse(string? raw)
    {
        var name = raw?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return Default;
        }

        if (name.Length > 100 || !Allowed().IsMatch(name))
        {
            return Problem.Invalid("annotator", $"Annotator name '{Shorten(name)}' is not valid: use letters, digits, spaces and . - _ @ (at most 100 characters).");
        }

        return name;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} ._@-]*$")]
    private static partial Regex Allowed();
}
