using System.Text;
using static Tagloop.Server.Tests.Import.HostileSnippets;

namespace Tagloop.Server.Tests.Import;

/// <summary>
/// CSV files: header variants (no text column, duplicate or empty names, NUL or invalid UTF-8 in a name, an
/// unclosed quote), and rows that are ragged, badly quoted, very wide, too long, or carry bytes that are not text.
/// </summary>
internal static class CsvFiles
{
    private static readonly string[] MetaNames = ["source", "id", "", "😀", "=cmd", "a,b", "multi\nline", "dup", "<script>", "\u202Ename", "quote\"d", " spaced "];

    public static (byte[] Body, string Recipe, string Query) Make(Random random, bool big)
    {
        var recipe = new List<string>();
        var query = new List<string>();
        var header = new List<byte[]>();

        // The text column, and the query that names it.
        var textName = random.Next(10) switch
        {
            0 => "Text",
            1 => " TEXT ",
            2 => "body",
            _ => "text",
        };
        if (textName == "body" || random.Chance(10))
        {
            query.Add("textColumn=" + Uri.EscapeDataString(random.Pick(new[] { textName, textName.ToUpperInvariant() + " ", "missing", "label" })));
        }

        var columns = new List<string> { textName };
        if (random.Chance(60))
        {
            var labelName = random.Pick(new[] { "label", "label", "labels", "tags" });
            columns.Insert(random.Next(columns.Count + 1), labelName);
            if (labelName != "label" || random.Chance(10))
            {
                query.Add("labelColumn=" + Uri.EscapeDataString(random.Pick(new[] { labelName, labelName, "missing", textName })));
            }
        }

        for (var i = random.Next(4); i > 0; i--)
        {
            columns.Insert(random.Next(columns.Count + 1), random.Pick(MetaNames));
        }

        header.AddRange(columns.Select(c => Field(random, c)));
        var labelColumn = columns.FindIndex(c => c is "label" or "labels" or "tags");
        var textColumn = columns.IndexOf(textName);
        if (big && random.Chance(25))
        {
            header.Add(UnclosedQuote(random, big));
            recipe.Add("header-unclosed-quote-big");
        }
        else if (random.Chance(25))
        {
            recipe.Add(BreakHeader(random, header, textColumn, big));
        }

        var delimiter = random.Chance(4) ? (byte)';' : (byte)',';
        var lines = new List<byte[]> { Join(header, delimiter) };
        var rows = random.Next(10) switch
        {
            0 => 0,
            1 => random.Next(30, 80),
            _ => random.Next(1, 10),
        };
        for (var r = 0; r < rows; r++)
        {
            var fields = columns.Select((_, i) => Field(random, i == textColumn ? Text(random) : i == labelColumn ? Label(random) : Text(random))).ToList();
            var kind = random.Chance(55) ? "valid" : BreakRow(random, fields, textColumn, lines, big);
            recipe.Add(kind);
            lines.Add(Join(fields, delimiter));
        }

        var body = random.Chance(3) ? [] : JoinLines(random, lines);
        return (body, $"csv[{string.Join(",", recipe)}]", string.Join("&", query));
    }

    public static byte[] ValidFile(Random random)
    {
        var lines = new List<byte[]> { Utf8("text,label,source") };
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            lines.Add(Join([Field(random, Text(random)), Field(random, Label(random)), Field(random, random.Pick(NastyTexts))], (byte)','));
        }

        return JoinLines(random, lines);
    }

    /// <summary>A field as CSV writes it: quoted (quotes doubled) when it must be, sometimes when it need not be.</summary>
    private static byte[] Field(Random random, string value)
    {
        var quote = random.Chance(10) || value.AsSpan().IndexOfAny(",\"\n\r;") >= 0 || value.Trim().Length != value.Length;
        return quote ? Utf8("\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"") : Utf8(value);
    }

    private static string Label(Random random) => random.Next(6) switch
    {
        0 => "",
        1 => "spam|ham",
        2 => " spam | |ham|",
        3 => random.Pick(LabelLookalikes),
        _ => random.Pick(HostileSnippets.Labels),
    };

    private static byte[] Join(IEnumerable<byte[]> fields, byte delimiter)
    {
        var output = new List<byte>();
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                output.Add(delimiter);
            }

            first = false;
            output.AddRange(field);
        }

        return [.. output];
    }

    /// <summary>A quote opened and never closed, followed by enough lines to pass the CSV field limit when <paramref name="big"/>.</summary>
    private static byte[] UnclosedQuote(Random random, bool big)
    {
        var builder = new StringBuilder("\"never closed ");
        var lines = big ? 300 : random.Next(1, 5);
        for (var i = 0; i < lines; i++)
        {
            builder.Append(new string('q', big ? 1000 : 20)).Append(random.Pick(new[] { "\n", "\r\n", "\r" }));
        }

        return Utf8(builder.ToString());
    }

    private static string BreakHeader(Random random, List<byte[]> header, int textColumn, bool big)
    {
        switch (random.Next(9))
        {
            case 0:
                header[textColumn] = Utf8("txt");
                return "header-without-text";
            case 1:
                header.Add(Utf8(random.Pick(new[] { "text", "Text", " text" })));
                return "header-duplicate-text";
            case 2:
                header.Add(Utf8(""));
                header.Add(Utf8(random.Pick(new[] { "", " ", "\"\"" })));
                return "header-empty-names";
            case 3:
                header.Add(Concat(Utf8("bad"), random.Pick(ControlBytes), Utf8("name")));
                return "header-control-byte";
            case 4:
                header.Add(Concat(Utf8("bad"), random.Pick(InvalidUtf8)));
                return "header-invalid-utf8";
            case 5:
                header.Add(UnclosedQuote(random, big));
                return big ? "header-unclosed-quote-big" : "header-unclosed-quote";
            case 6:
                header.Insert(0, Utf8("a\"b"));
                return "header-stray-quote";
            case 7:
                header.Clear();
                header.Add(Utf8(random.Pick(new[] { "", " ", "\t", "\"\"", ",", ",,," })));
                return "header-blank";
            default:
                header.AddRange(Enumerable.Range(0, 2000).Select(i => Utf8($"c{i}")));
                return "header-2000-columns";
        }
    }

    private static string BreakRow(Random random, List<byte[]> fields, int textColumn, List<byte[]> previous, bool big)
    {
        var at = random.Next(fields.Count);
        switch (random.Next(16))
        {
            case 0:
                fields.RemoveAt(at);
                return "ragged-short";
            case 1:
                fields.Add(Utf8("extra"));
                return "ragged-long";
            case 2:
                fields[at] = UnclosedQuote(random, big && random.Chance(50));
                return "unclosed-quote";
            case 3:
                fields[at] = Utf8(random.Pick(new[] { "ab\"c", "\"ab\"c", "ab\"", "\"a\"\"", "a\"\"b", "\"\"\"" }));
                return "stray-quote";
            case 4:
                fields[textColumn] = Utf8("\"embedded" + random.Pick(new[] { "\n", "\r\n", "\r", "\r\r\n\n" }) + "newline " + random.Next() + "\"");
                return "quoted-newline";
            case 5:
                fields[textColumn] = Utf8("unquoted" + random.Pick(new[] { "\n", "\r" }) + "newline " + random.Next());
                return "unquoted-newline";
            case 6:
                fields[at] = Concat(Utf8("nul"), random.Pick(ControlBytes), Utf8("field " + random.Next()));
                return "control-byte";
            case 7:
                fields[at] = Concat(Utf8(random.Chance(50) ? "\"bad " : "bad "), random.Pick(InvalidUtf8), Utf8(random.Chance(50) ? " utf8\"" : " utf8"));
                return "invalid-utf8";
            case 8:
                fields[textColumn] = Utf8(random.Pick(new[] { "", " ", "\"\"", "\" \"", "\t", "\u3000" }));
                return "empty-text";
            case 9:
                fields.AddRange(Enumerable.Range(0, random.Next(2000, 5000)).Select(i => Utf8($"w{i}")));
                return "very-wide-row";
            case 10:
                var size = big ? random.Pick(new[] { 70_000, 340_000 }) : random.Next(2_000, 12_000);
                fields[textColumn] = Field(random, LongText(random, size / 2));
                return $"long-text-{size}";
            case 11 when previous.Count > 1:
                fields.Clear();
                fields.Add(previous[^1]);
                return "duplicate-row";
            case 12:
                fields.Clear();
                fields.Add(Utf8(random.Pick(new[] { "", " ", ",,,", "\t,\t", "\"\"" })));
                return "blank-row";
            case 13:
                fields[textColumn] = Field(random, random.Pick(NastyTexts) + " " + random.Next());
                return "nasty-text";
            case 14:
                fields[textColumn] = Concat([0xEF, 0xBB, 0xBF], fields[textColumn]);
                return "bom-in-row";
            default:
                fields[at] = Utf8("\"" + random.Pick(new[] { "a\"\"b", "\"\"", "x\r\ny\"\"z", "=HYPERLINK(\"\"http://evil.example\"\")" }) + "\"");
                return "quoted-quotes";
        }
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
