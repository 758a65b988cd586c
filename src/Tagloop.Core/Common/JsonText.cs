using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tagloop.Core.Common;

/// <summary>
/// JSON values that users send (document metadata): every string and property name must pass
/// <see cref="UnicodeText"/>. A valid UTF-8 file can still carry invalid text through JSON escapes
/// (<c>"\ud800"</c>, <c>"\u0000"</c>), which no JSON writer will write back.
/// </summary>
public static class JsonText
{
    /// <summary>
    /// What is wrong inside the value, naming its path (such as <c>meta.author.name</c>; an empty path is the top
    /// level, whose fields are then named alone), or null.
    /// </summary>
    public static string? Problem(JsonElement element, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return StringProblem(element) is { } problem ? $"the field {path} {problem}" : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return $"a field name {Where(path)}holds an escaped unpaired surrogate, which is not valid Unicode";
                    }

                    if (UnicodeText.Problem(name) is { } nameProblem)
                    {
                        return $"a field name {Where(path)}{nameProblem}";
                    }

                    if (Problem(property.Value, path.Length == 0 ? UnicodeText.Quote(name, 40) : $"{path}.{UnicodeText.Quote(name, 40)}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Problem(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>How many objects and arrays deep the value nests (a string or number is 0, <c>{}</c> is 1).</summary>
    public static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static string Where(string path) => path.Length == 0 ? "" : $"in {path} ";

    /// <summary>The string's problem, if any; an escaped unpaired surrogate cannot even be read as a .NET string.</summary>
    public static string? StringProblem(JsonElement element)
    {
        string value;
        try
        {
            value = element.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "holds an escaped unpaired surrogate (such as \\ud800), which is not valid Unicode";
        }

        return UnicodeText.Problem(value);
    }

    /// <summary>
    /// Stored JSON text with every <c>\u0000</c> and unpaired surrogate escape replaced by <c>\ufffd</c>: rows stored
    /// before the check at the door existed must not break a page or an export. The same instance when there is none.
    /// </summary>
    public static string Repaired(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.Contains("\\u", StringComparison.OrdinalIgnoreCase))
        {
            return json;
        }

        StringBuilder? builder = null;
        var copied = 0;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\')
            {
                continue;
            }

            var unit = EscapedUnit(json, i);
            if (unit < 0)
            {
                // Another escape (\\, \", \n …): skip its second character so an escaped backslash never starts a \u.
                i++;
                continue;
            }

            if (unit is >= 0xD800 and <= 0xDBFF && EscapedUnit(json, i + 6) is >= 0xDC00 and <= 0xDFFF)
            {
                i += 11;
                continue;
            }

            if (unit == 0 || unit is >= 0xD800 and <= 0xDFFF)
            {
                builder ??= new StringBuilder(json.Length);
                builder.Append(json, copied, i - copied).Append("\\ufffd");
                copied = i + 6;
            }

            i += 5;
        }

        if (builder is null)
        {
            return json;
        }

        builder.Append(json, copied, json.Length - copied);
        return builder.ToString();
    }

    /// <summary>The code unit of a <c>\uXXXX</c> escape starting at <paramref name="at"/>, or -1 when there is none.</summary>
    private static int EscapedUnit(string json, int at) =>
        at + 5 < json.Length && json[at] == '\\' && json[at + 1] == 'u'
        && int.TryParse(json.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
            ? unit
            : -1;
}
