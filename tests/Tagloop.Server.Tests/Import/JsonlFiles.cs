using static Tagloop.Server.Tests.Import.JsonBytes;

namespace Tagloop.Server.Tests.Import;

/// <summary>JSONL and Prodigy files: valid records mixed with lines that attack the line reader, the JSON parser and the checks at the door.</summary>
internal static class JsonlFiles
{
    private static readonly int[] Depths = [10, 40, 58, 59, 60, 61, 62, 63, 64, 65, 100, 1000];

    private static readonly string[] NumbersThatAreTooBig = ["1e999", "-1e999", "123456789012345678901234567890123456789", "0.1e-400", "-0", "9223372036854775808", "1E+308"];

    private static readonly string[] NotObjects =
    [
        "[]", "[{\"text\":\"in an array\"}]", "\"text\"", "42", "null", "true", "{", "}", "]", "garbage", "{\"text\":\"a\"}{\"text\":\"b\"}",
        "{\"text\":\"trailing\"} x", "// comment", "{'text':'single quotes'}", "{\"text\":NaN}", "{\"text\":\"comma\",}", "\"\\ud800\"",
        "[\"\\u0000\"]", "{\"text\":\"unterminated", "{\"text\" \"no colon\"}", "{text:\"unquoted key\"}", "\u00A0{\"text\":\"nbsp first\"}",
    ];

    public static (byte[] Body, string Recipe) Make(Random random, bool prodigy, bool big)
    {
        var (lines, kinds) = Lines(random, prodigy, big);
        var body = lines.Count > 0 || random.Chance(50)
            ? HostileSnippets.JoinLines(random, lines)
            : HostileSnippets.Utf8(random.Pick(new[] { "", " ", "\n\n", "\r\n\t\r\n", "\r\r", "\uFEFF", "\uFEFF\n", "\u3000\n" }));
        return (body, $"{(prodigy ? "prodigy" : "jsonl")}[{string.Join(",", kinds)}]");
    }

    /// <summary>Valid records mixed with hostile lines, not yet joined into a file (other JSON formats wrap them).</summary>
    public static (List<byte[]> Lines, List<string> Kinds) Lines(Random random, bool prodigy, bool big)
    {
        var count = random.Next(10) switch
        {
            0 => 0,
            1 => random.Next(20, 60),
            _ => random.Next(1, 10),
        };
        var lines = new List<byte[]>();
        var kinds = new List<string>();
        for (var i = 0; i < count; i++)
        {
            if (random.Chance(45))
            {
                lines.Add(Valid(random, prodigy));
                kinds.Add("valid");
            }
            else
            {
                var (line, kind) = Hostile(random, prodigy, big);
                lines.Add(line);
                kinds.Add(kind);
            }
        }

        return (lines, kinds);
    }

    public static byte[] ValidFile(Random random, bool prodigy) =>
        HostileSnippets.JoinLines(random, [.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => Valid(random, prodigy))]);

    private static byte[] Valid(Random random, bool prodigy) => Record(random, prodigy);

    /// <summary>A record whose fields are valid unless given.</summary>
    private static byte[] Record(Random random, bool prodigy, byte[]? text = null, byte[]? meta = null, byte[]? label = null, params (byte[] Key, byte[] Value)[] extra)
    {
        var fields = new List<(byte[] Key, byte[] Value)>
        {
            (String("text"), text ?? String(HostileSnippets.Text(random), random.Chance(20))),
        };
        if (meta is not null || random.Chance(35))
        {
            fields.Add((String("meta"), meta ?? Meta(random, 3)));
        }

        if (label is not null)
        {
            fields.Add((String(prodigy ? "label" : random.Pick(new[] { "label", "labels" })), label));
        }
        else if (prodigy)
        {
            fields.AddRange(ProdigyAnswer(random));
        }
        else if (random.Chance(40))
        {
            var name = random.Pick(HostileSnippets.Labels);
            fields.Add((String(random.Pick(new[] { "label", "labels" })), random.Chance(60) ? String(name) : Array(String(name))));
        }

        fields.AddRange(extra);
        if (random.Chance(25))
        {
            fields.Reverse();
        }

        return ObjectOf(fields);
    }

    private static List<(byte[] Key, byte[] Value)> ProdigyAnswer(Random random)
    {
        var labels = HostileSnippets.Labels;
        var fields = new List<(byte[] Key, byte[] Value)>();
        switch (random.Next(4))
        {
            case 0:
                fields.Add((String("label"), String(random.Pick(labels))));
                if (random.Chance(80))
                {
                    fields.Add((String("answer"), String(random.Pick(new[] { "accept", "reject", "ignore" }))));
                }

                break;
            case 1:
                fields.Add((String("options"), Array([.. labels.Select(l => Object(("id", String(l)), ("text", String(l))))])));
                fields.Add((String("accept"), Array([.. labels.Where(_ => random.Chance(30)).Select(l => String(l))])));
                fields.Add((String("answer"), String("accept")));
                break;
            case 2:
                fields.Add((String("options"), Array([.. labels.Select((l, i) => Object(("id", Number(i + 1)), ("text", String(l))))])));
                fields.Add((String("accept"), Array([.. Enumerable.Range(1, labels.Length).Where(_ => random.Chance(30)).Select(i => Number(i))])));
                break;
            default:
                break;
        }

        if (random.Chance(30))
        {
            fields.Add((String("_input_hash"), Raw(random.Pick(new[] { "-1234567890", "123456789012345678901234567890", "0" }))));
            fields.Add((String("_view_id"), String("choice")));
        }

        return fields;
    }

    private static byte[] Meta(Random random, int depth)
    {
        var keys = new[] { "source", "author", "lang", "tagloop_id", "text", "", "😀", "=cmd", "<b>k</b>", "a.b", "dup", "\u202Ekey" };
        var fields = new List<(byte[] Key, byte[] Value)>();
        var count = random.Next(6);
        for (var i = 0; i < count; i++)
        {
            fields.Add((String(random.Pick(keys), random.Chance(15)), MetaValue(random, depth)));
        }

        return ObjectOf(fields);
    }

    private static byte[] MetaValue(Random random, int depth) => random.Next(depth > 0 ? 8 : 6) switch
    {
        0 or 1 => String(HostileSnippets.Text(random), random.Chance(20)),
        2 => Raw(random.Pick(NumbersThatAreTooBig)),
        3 => Number(random.NextInt64(long.MinValue, long.MaxValue)),
        4 => Raw(random.Pick(new[] { "true", "false", "null" })),
        5 => String(random.Pick(HostileSnippets.GoodEscapes)),
        6 => Meta(random, depth - 1),
        _ => Array(MetaValue(random, depth - 1), MetaValue(random, depth - 1)),
    };

    /// <summary>A JSON string with <paramref name="injected"/> at its start, middle or end.</summary>
    private static byte[] Inject(Random random, byte[] injected) => random.Next(3) switch
    {
        0 => StringWith("", injected, "text"),
        1 => StringWith("some ", injected, " text"),
        _ => StringWith("text ends with ", injected, ""),
    };

    private static byte[] BadEscape(Random random) => Raw(random.Pick(HostileSnippets.BadEscapes));

    /// <summary>A string with <paramref name="injected"/> in one of the places a string can be: text, meta value, nested meta, meta key, label.</summary>
    private static (byte[] Line, string Where) InPlace(Random random, bool prodigy, byte[] injected)
    {
        var bad = Inject(random, injected);
        return random.Next(prodigy ? 9 : 6) switch
        {
            0 => (Record(random, prodigy, text: bad), "text"),
            1 => (Record(random, prodigy, meta: Object(("k", bad))), "meta"),
            2 => (Record(random, prodigy, meta: Object(("a", Object(("b", Array(String("ok"), bad)))))), "meta.a.b[1]"),
            3 => (Record(random, prodigy, meta: ObjectOf([(String("ok"), String("v")), (bad, String("v"))])), "meta key"),
            4 => (Record(random, prodigy, label: prodigy ? bad : Array(String("spam"), bad)), "label"),
            5 => (Record(random, prodigy, extra: (String("extra"), Object(("x", bad)))), "extra field"),
            6 => (Record(random, prodigy, extra: [(String("options"), Array(Object(("id", bad), ("text", String("spam"))))), (String("accept"), Array(bad))]), "options id"),
            7 => (Record(random, prodigy, extra: [(String("options"), Array(Object(("id", String("spam")), ("text", bad)))), (String("accept"), Array(String("spam")))]), "options text"),
            _ => (Record(random, prodigy, extra: (String("answer"), bad)), "answer"),
        };
    }

    private static (byte[] Line, string Kind) Hostile(Random random, bool prodigy, bool big)
    {
        switch (random.Next(20))
        {
            case 0 or 1 or 2:
                var (escaped, where) = InPlace(random, prodigy, BadEscape(random));
                return (escaped, "bad-escape@" + where);
            case 3:
                var (control, at) = InPlace(random, prodigy, random.Pick(HostileSnippets.ControlBytes));
                return (control, "control@" + at);
            case 4:
                var (invalid, place) = InPlace(random, prodigy, random.Pick(HostileSnippets.InvalidUtf8));
                return (invalid, "invalid-utf8@" + place);
            case 5:
                var line = Record(random, prodigy);
                var bom = random.Next(line.Length);
                return (random.Chance(50) ? Concat([0xEF, 0xBB, 0xBF], line) : Concat(line[..bom], [0xEF, 0xBB, 0xBF], line[bom..]), "bom");
            case 6:
                var depth = random.Pick(Depths);
                return random.Next(3) switch
                {
                    0 => (Record(random, prodigy, meta: Nested(depth, arrays: false)), $"meta-depth-{depth}"),
                    1 => (Record(random, prodigy, meta: Object(("deep", Nested(depth, arrays: true)))), $"meta-array-depth-{depth}"),
                    _ => (Nested(depth, arrays: random.Chance(50)), $"line-depth-{depth}"),
                };
            case 7:
                return random.Chance(50)
                    ? (Record(random, prodigy, text: Raw(random.Pick(NumbersThatAreTooBig))), "number-text")
                    : (Record(random, prodigy, meta: Object(("n", Raw(random.Pick(NumbersThatAreTooBig))))), "huge-number-meta");
            case 8:
                return random.Next(3) switch
                {
                    0 => (Record(random, prodigy, extra: (String("text"), Inject(random, BadEscape(random)))), "duplicate-text-bad"),
                    1 => (Record(random, prodigy, meta: Meta(random, 1), extra: (String("meta"), Meta(random, 1))), "duplicate-meta"),
                    _ => (Record(random, prodigy, meta: Raw("{\"a\":1,\"a\":2,\"a\":\"three\"}")), "duplicate-meta-keys"),
                };
            case 9:
                return (Raw(random.Pick(NotObjects)), "not-an-object");
            case 10:
                return (Record(random, prodigy, meta: Raw(random.Pick(new[] { "[]", "[1,2]", "\"meta\"", "42", "true", "\"{}\"" }))), "meta-not-object");
            case 11:
                return (Record(random, prodigy, label: Raw(random.Pick(new[] { "{\"name\":\"spam\"}", "42", "[[\"spam\"]]", "[null]", "[\"\"]", "[1]", "true", "[\"spam\",{}]", "[]", "\"\"" }))), "label-wrong-type");
            case 12:
                var odd = random.Pick(HostileSnippets.LabelLookalikes);
                return prodigy && random.Chance(50)
                    ? (Record(random, prodigy, extra: [(String("options"), Array(Object(("id", String(odd)), ("text", String(odd))))), (String("accept"), Array(String(odd)))]), "odd-option")
                    : (Record(random, prodigy, label: random.Chance(50) ? String(odd) : Array(String(odd), String("spam"))), "odd-label");
            case 13:
                return (Raw(random.Pick(new[] { "{}", "{\"text\":null}", "{\"text\":\"\"}", "{\"text\":\"   \"}", "{\"text\":\"\\u3000\\u00a0\\t\"}", "{\"text\":[\"a\"]}", "{\"text\":{\"a\":1}}", "{\"text\":true}", "{\"TEXT\":\"upper\"}" })), "text-missing-or-empty");
            case 14:
                return (Record(random, prodigy, text: StringWith("broken ", Raw(random.Pick(HostileSnippets.BrokenEscapes)), " escape")), "broken-escape");
            case 15:
                var good = Raw(random.Pick(HostileSnippets.GoodEscapes));
                return (Record(random, prodigy, text: StringWith($"good escape {random.Next()} ", good, ""), meta: ObjectOf([(StringWith("k", good, ""), StringWith("v", good, ""))])), "good-escapes");
            case 16:
                var size = big ? random.Pick(new[] { 70_000, 340_000 }) : random.Next(2_000, 12_000);
                return (Record(random, prodigy, text: String(HostileSnippets.LongText(random, size / 2))), $"long-text-{size}");
            case 17:
                return big
                    ? (Record(random, prodigy, meta: Object(("big", String(new string('m', 270_000))))), "meta-over-256KB")
                    : (Record(random, prodigy, meta: ObjectOf([.. Enumerable.Range(0, 500).Select(i => (String($"k{i}"), Number(i)))])), "meta-500-keys");
            case 18:
                return (Record(random, prodigy, text: random.Chance(50) ? String(random.Pick(HostileSnippets.NastyTexts)) : String(HostileSnippets.Text(random), escapeNonAscii: true)), "nasty-text");
            default:
                return prodigy ? ProdigyHostile(random) : (Record(random, prodigy, label: Array(String("spam"), String("ham"))), "two-labels");
        }
    }

    private static (byte[] Line, string Kind) ProdigyHostile(Random random)
    {
        static (byte[] Key, byte[] Value) Field(string key, string json) => (String(key), Raw(json));
        return random.Next(6) switch
        {
            0 => (Record(random, true, extra: Field("answer", random.Pick(new[] { "\"ACCEPT\"", "\"\"", "\"yes\"", "1", "null", "[\"accept\"]", "{\"a\":1}", "true" }))), "answer-odd"),
            1 => (Record(random, true, extra: Field("accept", random.Pick(new[] { "\"spam\"", "1", "{}", "null", "[null]", "[[1]]", "[{\"id\":1}]" }))), "accept-not-ids"),
            2 => (Record(random, true, extra: [Field("options", "[{\"id\":\"spam\"},{\"id\":\"ham\"}]"), Field("accept", "[\"nope\",\"spam\"]")]), "accept-not-an-option"),
            3 => (Record(random, true, extra: [Field("options", random.Pick(new[] { "[{\"id\":{\"a\":1},\"text\":\"spam\"}]", "[{\"id\":null,\"text\":\"spam\"}]", "[{\"text\":\"spam\"}]", "[{\"id\":1,\"text\":\"spam\"},{\"id\":1,\"text\":\"ham\"}]", "[{\"id\":[1],\"text\":\"ham\"}]", "[{\"id\":1e999,\"text\":\"ham\"}]", "[\"spam\",1,null]", "{\"id\":1}" })), Field("accept", random.Pick(new[] { "[1]", "[{\"a\":1}]", "[null]", "[[1]]", "[1e999]", "[\"spam\"]" }))]), "options-odd"),
            4 => (Record(random, true, extra: [Field("accept", "[1,2]")]), "numeric-accept-without-options"),
            _ => (Record(random, true, label: Raw(random.Pick(new[] { "5", "{}", "[1]", "[\"spam\",\"ham\"]" })), extra: Field("answer", random.Pick(new[] { "\"reject\"", "\"ignore\"", "\"accept\"" }))), "label-with-answer"),
        };
    }
}
