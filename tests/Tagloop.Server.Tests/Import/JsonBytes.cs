using System.Globalization;
using System.Text;

namespace Tagloop.Server.Tests.Import;

/// <summary>
/// Writes JSON as bytes by hand, so that a string can carry what no JSON library would write: an escaped lone
/// surrogate, a raw NUL, bytes that are not UTF-8.
/// </summary>
internal static class JsonBytes
{
    public static byte[] Raw(string json) => Encoding.UTF8.GetBytes(json);

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>A correct JSON string; non-ASCII characters are escaped as \uXXXX (pairs for astral ones) when asked.</summary>
    public static byte[] String(string value, bool escapeNonAscii = false) => StringWith(value, [], "", escapeNonAscii);

    /// <summary>A JSON string made of escaped text, then <paramref name="injected"/> as it is, then more escaped text.</summary>
    public static byte[] StringWith(string before, byte[] injected, string after, bool escapeNonAscii = false)
    {
        var output = new List<byte> { (byte)'"' };
        Escape(output, before, escapeNonAscii);
        output.AddRange(injected);
        Escape(output, after, escapeNonAscii);
        output.Add((byte)'"');
        return [.. output];
    }

    public static byte[] Object(params (string Key, byte[] Value)[] fields) =>
        ObjectOf([.. fields.Select(f => (String(f.Key), f.Value))]);

    /// <summary>An object whose keys are already JSON (so that a key, too, can be hostile).</summary>
    public static byte[] ObjectOf(IReadOnlyList<(byte[] Key, byte[] Value)> fields)
    {
        var output = new List<byte> { (byte)'{' };
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                output.Add((byte)',');
            }

            output.AddRange(fields[i].Key);
            output.Add((byte)':');
            output.AddRange(fields[i].Value);
        }

        output.Add((byte)'}');
        return [.. output];
    }

    public static byte[] Array(params byte[][] items)
    {
        var output = new List<byte> { (byte)'[' };
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                output.Add((byte)',');
            }

            output.AddRange(items[i]);
        }

        output.Add((byte)']');
        return [.. output];
    }

    /// <summary>Objects nested <paramref name="depth"/> deep (the outermost counts as one), with a string at the bottom.</summary>
    public static byte[] Nested(int depth, bool arrays)
    {
        var open = arrays ? "[" : "{\"n\":";
        var close = arrays ? "]" : "}";
        var builder = new StringBuilder((depth * 6) + 8);
        for (var i = 0; i < depth; i++)
        {
            builder.Append(open);
        }

        builder.Append("\"deep\"");
        for (var i = 0; i < depth; i++)
        {
            builder.Append(close);
        }

        return Raw(builder.ToString());
    }

    public static byte[] Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    private static void Escape(List<byte> output, string value, bool escapeNonAscii)
    {
        Span<byte> utf8 = stackalloc byte[4];
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    output.AddRange("\\\""u8);
                    break;
                case '\\':
                    output.AddRange("\\\\"u8);
                    break;
                case '\n':
                    output.AddRange("\\n"u8);
                    break;
                case < 0x20:
                    output.AddRange(Raw($"\\u{rune.Value:x4}"));
                    break;
                case > 0x7E when escapeNonAscii:
                    var units = rune.EncodeToUtf16(utf16);
                    for (var i = 0; i < units; i++)
                    {
                        output.AddRange(Raw($"\\u{(int)utf16[i]:X4}"));
                    }

                    break;
                default:
                    var length = rune.EncodeToUtf8(utf8);
                    output.AddRange(utf8[..length].ToArray());
                    break;
            }
        }
    }
}
