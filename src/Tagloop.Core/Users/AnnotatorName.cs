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

    public static Outcome<string> Parse(string? raw) => Parse(raw, "annotator", "Annotator name", Default);

    /// <summary>
    /// The same rule for any name that ends up as an annotation's author, such as an import's source; a missing name
    /// is <paramref name="fallback"/>.
    /// </summary>
    public static Outcome<string> Parse(string? raw, string field, string what, string fallback)
    {
        var name = raw?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return fallback;
        }

        if (name.Length > 100 || !Allowed().IsMatch(name))
        {
            return Problem.Invalid(field, $"{what} '{UnicodeText.Quote(name, 40)}' is not valid: use letters, digits, spaces and . - _ @, starting with a letter or digit (at most 100 characters).");
        }

        return name;
    }

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} ._@-]*$")]
    private static partial Regex Allowed();
}
