using static Tagloop.Server.Tests.Import.JsonBytes;

namespace Tagloop.Server.Tests.Import;

/// <summary>
/// Files in the JSON shapes of other tools — JSON arrays, Label Studio tasks, spaCy, doccano and Argilla records —
/// made of valid records of that tool mixed with the hostile lines of <see cref="JsonlFiles"/>, and arrays broken in
/// the ways JSON breaks (unclosed, trailing commas, nested, not an array at all).
/// </summary>
internal static class JsonFormatFiles
{
    private static readonly string[] ArrayBreaks = ["unclosed", "trailing-comma", "nested", "double-comma", "object-at-top", "garbage-after", "empty"];

    public static (byte[] Body, string Recipe) Make(Random random, string format, bool big)
    {
        var (hostile, kinds) = JsonlFiles.Lines(random, prodigy: false, big);
        var records = new List<byte[]>();
        var recipe = new List<string>();
        foreach (var (line, kind) in hostile.Zip(kinds))
        {
            var own = kind == "valid" || random.Chance(40);
            records.Add(own ? Valid(random, format) : format == "label-studio" ? Task(line) : line);
            recipe.Add(own ? $"{format}-valid" : kind);
        }

        var asArray = format is "json" or "label-studio" || (format == "argilla" && random.Chance(50));
        if (!asArray)
        {
            return (HostileSnippets.JoinLines(random, records), $"{format}[{string.Join(",", recipe)}]");
        }

        var (body, shape) = ArrayOf(random, records);
        return (body, $"{format}-array({shape})[{string.Join(",", recipe)}]");
    }

    public static byte[] ValidFile(Random random, string format)
    {
        var records = Enumerable.Range(0, random.Next(1, 8)).Select(_ => Valid(random, format)).ToList();
        return format is "json" or "label-studio" ? Join(records, random.Chance(50) ? ",\n  " : ",", "[", "]") : HostileSnippets.JoinLines(random, records);
    }

    private static (byte[] Body, string Shape) ArrayOf(Random random, List<byte[]> items)
    {
        var pretty = random.Chance(50);
        var separator = pretty ? ",\n  " : ",";
        if (!random.Chance(20))
        {
            return (Join(items, separator, pretty ? "[\n  " : "[", pretty ? "\n]\n" : "]"), pretty ? "pretty" : "compact");
        }

        var broken = random.Pick(ArrayBreaks);
        return (broken switch
        {
            "unclosed" => Join(items, separator, "[", ""),
            "trailing-comma" => Join(items, separator, "[", ",]"),
            "nested" => Join(items, separator, "[[", "]]"),
            "double-comma" => Join(items, ",,", "[", "]"),
            "object-at-top" => Concat(Raw("{\"items\": "), Join(items, separator, "[", "]"), Raw("}")),
            "garbage-after" => Join(items, separator, "[", "] trailing"),
            _ => Raw(random.Pick(new[] { "[]", "[ ]", "[\n]", "[null]", "[1, 2]", "[\"text\"]" })),
        }, broken);
    }

    private static byte[] Join(List<byte[]> items, string separator, string open, string close)
    {
        var parts = new List<byte[]> { Raw(open) };
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                parts.Add(Raw(separator));
            }

            parts.Add(items[i]);
        }

        parts.Add(Raw(close));
        return Concat([.. parts]);
    }

    private static byte[] Task(byte[] data) =>
        Concat(Raw("{\"id\": 1, \"data\": "), data, Raw(", \"annotations\": [{\"result\": [{\"type\": \"choices\", \"value\": {\"choices\": [\"spam\"]}}]}]}"));

    private static byte[] Valid(Random random, string format)
    {
        var text = String(HostileSnippets.Text(random), random.Chance(20));
        var label = String(random.Pick(HostileSnippets.Labels));
        return format switch
        {
            "label-studio" => Object(
                ("id", Number(random.Next(1000))),
                ("data", Object(("text", text), ("source", String(HostileSnippets.Text(random))))),
                ("annotations", Array(Object(
                    ("was_cancelled", Raw(random.Chance(20) ? "true" : "false")),
                    ("result", Array(Object(("type", String("choices")), ("value", Object(("choices", Array(label)))))))))),
                ("predictions", Array(Object(("result", Array()))))),
            "spacy" => Object(("text", text), ("cats", Object((random.Pick(HostileSnippets.Labels), Raw(random.Pick(new[] { "1.0", "0.9", "0", "0.5", "true", "\"yes\"", "1e999" })))))),
            "doccano" => Object(("id", Number(random.Next(1000))), ("text", text), ("label", Array(label)), ("Comments", Array(String(HostileSnippets.Text(random))))),
            "argilla" => random.Chance(50)
                ? Object(("fields", Object(("text", text))), ("responses", Object(("sentiment", Array(Object(("value", label)))))), ("metadata", Object(("split", String("train")))))
                : Object(("text", text), ("annotation", label), ("metadata", Object(("k", Number(1))))),
            _ => random.Next(4) switch
            {
                0 => Valid(random, "spacy"),
                1 => Valid(random, "argilla"),
                2 => Valid(random, "label-studio"),
                _ => Object(("text", text), ("label", label)),
            },
        };
    }
}
