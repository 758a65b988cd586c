using System.Text;
using System.Text.Json;
using Tagloop.Core.Common;

namespace Tagloop.Server.Tests.Import;

/// <summary>What the tests demand of every string that left or entered the server: valid UTF-8, valid Unicode, no NUL.</summary>
internal static class ValidText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes as text, or null when they are not UTF-8.</summary>
    public static string? Decode(byte[] bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>What is wrong with a string: an unpaired surrogate or a NUL; null when nothing.</summary>
    public static string? Problem(string text, string what) =>
        UnicodeText.IsValid(text) ? null : $"{what} is not valid Unicode or holds NUL: \"{Escaped(text)}\"";

    /// <summary>The first string or property name inside the value that is not valid Unicode, or null.</summary>
    public static string? Problem(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                string value;
                try
                {
                    value = element.GetString() ?? "";
                }
                catch (InvalidOperationException)
                {
                    return $"{path} holds an escaped unpaired surrogate: {element.GetRawText()}";
                }

                return Problem(value, path);
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
                        return $"a property name in {path} holds an escaped unpaired surrogate";
                    }

                    if ((Problem(name, $"a property name in {path}") ?? Problem(property.Value, $"{path}.{name}")) is { } inner)
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

    /// <summary>Stored metadata: null, or a JSON object whose every string is valid.</summary>
    public static string? MetaProblem(string? metaJson, string what)
    {
        if (metaJson is null)
        {
            return null;
        }

        try
        {
            using var meta = JsonDocument.Parse(metaJson, new JsonDocumentOptions { MaxDepth = 256 });
            return meta.RootElement.ValueKind != JsonValueKind.Object
                ? $"{what} is not a JSON object: {Escaped(metaJson)}"
                : Problem(meta.RootElement, what);
        }
        catch (JsonException e)
        {
            return $"{what} is not JSON ({e.Message}): {Escaped(metaJson)}";
        }
    }

    /// <summary>A short, printable rendering of a string that may hold anything.</summary>
    public static string Escaped(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > 200 ? text[..200] : text)
        {
            builder.Append(c is < ' ' or '"' or '\\' || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return text.Length > 200 ? builder + $"… ({text.Length} characters)" : builder.ToString();
    }
}
