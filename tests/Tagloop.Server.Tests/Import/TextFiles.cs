using static Tagloop.Server.Tests.Import.HostileSnippets;

namespace Tagloop.Server.Tests.Import;

/// <summary>Plain-text files: nasty lines, random bytes, NUL, invalid UTF-8, lone CRs, blank lines and lines far too long.</summary>
internal static class TextFiles
{
    public static (byte[] Body, string Recipe) Make(Random random, bool big)
    {
        var count = random.Next(10) switch
        {
            0 => 0,
            1 => random.Next(20, 80),
            _ => random.Next(1, 10),
        };
        var lines = new List<byte[]>();
        var kinds = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (line, kind) = random.Chance(50) ? (Utf8(OneLine(Text(random))), "valid") : Hostile(random, big);
            lines.Add(line);
            kinds.Add(kind);
        }

        var body = random.Next(30) switch
        {
            0 => [],
            1 => Utf8(random.Pick(new[] { " ", "\n\n\n", "\r\r", "\r\n \t\r\n", "\uFEFF", "\uFEFF\n", "\u3000\n\u00A0" })),
            _ => JoinLines(random, lines),
        };
        return (body, $"text[{string.Join(",", kinds)}]");
    }

    public static byte[] ValidFile(Random random) =>
        JoinLines(random, [.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => Utf8(OneLine(Text(random))))]);

    /// <summary>The text on one line: a text with a newline would be two documents.</summary>
    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');

    private static (byte[] Line, string Kind) Hostile(Random random, bool big)
    {
        switch (random.Next(10))
        {
            case 0:
                return (RandomBytes(random, random.Next(1, 80), newlines: random.Chance(30)), "random-bytes");
            case 1:
                return (Concat(Utf8("nul "), random.Pick(ControlBytes), Utf8(" inside " + random.Next())), "control-byte");
            case 2:
                return (Concat(Utf8("bad "), random.Pick(InvalidUtf8), Utf8(random.Chance(50) ? "" : " utf8 " + random.Next())), "invalid-utf8");
            case 3:
                return (Utf8("lone\rcarriage\rreturns " + random.Next()), "lone-cr");
            case 4:
                var size = big ? random.Pick(new[] { 70_000, 340_000 }) : random.Next(2_000, 12_000);
                return (Utf8(LongText(random, size / 2)), $"long-{size}");
            case 5:
                return (Utf8(random.Pick(new[] { "", " ", "\t", "\u00A0", "\u3000", "\u2028", "\u0085", "\u200B" })), "blank-ish");
            case 6:
                return (Concat([0xEF, 0xBB, 0xBF], Utf8("bom mid-file " + random.Next())), "bom");
            case 7:
                return (Utf8(random.Pick(NastyTexts)), "nasty-duplicate");
            case 8:
                return (Concat(Utf8("emoji cut "), Utf8("😀")[..random.Next(1, 4)], Utf8(random.Chance(50) ? "" : " after")), "truncated-emoji");
            default:
                return (Utf8(OneLine(LongText(random, 399)) + "😀😀 " + random.Next()), "emoji-at-preview-cut");
        }
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
