using static Tagloop.Server.Tests.Import.HostileSnippets;

namespace Tagloop.Server.Tests.Import;

/// <summary>
/// Generates hostile import files, deterministically from a seed: structured attacks on each format mixed with
/// random mutations of valid files, sent with or without skipInvalid and sometimes with an odd source or format name.
/// </summary>
public static class HostileFiles
{
    /// <summary>Import sources that follow the annotator-name rule.</summary>
    private static readonly string[] ValidSources = ["human", "Zo%C3%AB%20Martin", "bot_1", "a.b-c%40d", new('x', 100), "%E6%BC%A2%E5%AD%97"];

    /// <summary>Sources that do not: too long, markup, NUL, not UTF-8, an escaped surrogate, a bidi override, a slash.</summary>
    private static readonly string[] InvalidSources = [new('x', 101), "%3Cscript%3E", "boss%00", "%F0%9F", "%ED%A0%80", "%E2%80%AEevil", "a%2Fb", "%20", "%0A"];

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["csv"] = "text/csv",
        ["jsonl"] = "application/x-ndjson",
        ["prodigy"] = "application/x-ndjson",
        ["text"] = "text/plain; charset=utf-8",
        ["json"] = "application/json",
        ["label-studio"] = "application/json",
        ["spacy"] = "application/x-ndjson",
        ["doccano"] = "application/x-ndjson",
        ["argilla"] = "application/json",
    };

    private static readonly HashSet<string> OtherJsonFormats = new(StringComparer.Ordinal) { "json", "label-studio", "spacy", "doccano", "argilla" };

    public static HostileFile Make(string format, int seed)
    {
        ArgumentNullException.ThrowIfNull(format);
        var random = new Random(seed);

        // A few files per hundred are large: lines over the cap, documents and metadata over their limits, a quote
        // left open across hundreds of kilobytes. The rest stay small so that hundreds of files import in seconds.
        var big = random.Chance(4);
        var query = new List<string>();
        byte[] body;
        string recipe;
        if (random.Chance(25))
        {
            var valid = format switch
            {
                "csv" => CsvFiles.ValidFile(random),
                "text" => TextFiles.ValidFile(random),
                _ when OtherJsonFormats.Contains(format) => JsonFormatFiles.ValidFile(random, format),
                _ => JsonlFiles.ValidFile(random, prodigy: format == "prodigy"),
            };
            (body, recipe) = Mutate(random, valid);
        }
        else
        {
            switch (format)
            {
                case "csv":
                    string csvQuery;
                    (body, recipe, csvQuery) = CsvFiles.Make(random, big);
                    if (csvQuery.Length > 0)
                    {
                        query.Add(csvQuery);
                    }

                    break;
                case "text":
                    (body, recipe) = TextFiles.Make(random, big);
                    break;
                case "json" or "label-studio" or "spacy" or "doccano" or "argilla":
                    (body, recipe) = JsonFormatFiles.Make(random, format, big);
                    break;
                default:
                    (body, recipe) = JsonlFiles.Make(random, prodigy: format == "prodigy", big);
                    break;
            }
        }

        var contentType = ContentTypes[format];
        var formatName = random.Next(100) switch
        {
            < 8 when format != "prodigy" => null,
            < 10 => random.Pick(new[] { "xlsx", "json5", "%00", "%ED%A0%80" }),
            < 15 => format.ToUpperInvariant(),
            < 18 => $"%20{format}%20",
            _ => format,
        };
        if (formatName is null && format == "jsonl")
        {
            // Every media type the importer reads as JSON Lines.
            contentType = random.Pick(new[] { "application/x-ndjson", "application/json", "application/jsonl", "application/x-jsonlines" });
        }
        else if (formatName is not null)
        {
            query.Insert(0, "format=" + formatName);
            if (random.Chance(10))
            {
                contentType = random.Pick(new[] { "application/octet-stream", "application/x-www-form-urlencoded", "" });
            }
        }

        var skip = random.Next(100);
        if (skip < 35)
        {
            query.Add("skipInvalid=true");
        }
        else if (skip < 40)
        {
            query.Add(random.Pick(new[] { "skipInvalid=false", "skipInvalid=yes", "skipInvalid=" }));
        }

        if (random.Chance(20))
        {
            query.Add("source=" + (random.Chance(60) ? random.Pick(ValidSources) : random.Pick(InvalidSources)));
        }

        return new HostileFile(seed, string.Join("&", query), contentType, body, recipe);
    }
}
