using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tagloop.Bench;

// Usage: dotnet run -c Release --project bench/Tagloop.Bench -- [--shared ../shared] [--lines 1000000] [--repeats 3]
//        dotnet run -c Release --project bench/Tagloop.Bench -- label-efficiency [--repeats 5] [--only trec,trec_50,sms_spam] [--encoder minilm+tfidf]
//        dotnet run -c Release --project bench/Tagloop.Bench -- features [--repeats 5] [--only trec,sms_spam,sst2]
//        dotnet run -c Release --project bench/Tagloop.Bench -- latency [--sizes 10000,100000,1000000] [--word-vectors PATH]
//                                                       [--annotator-pool 100000] [--large-pool 1300000] [--large-tasks 25] [--wide-sizes 100000]
//                                                       [--refits-only [--with-memory]]  (the refit rows only, and the server's memory
//                                                       with the largest pool, printed; the page is left as it is)
//                                                       [--work DIR]  (kept: a later --refits-only --with-memory run on it
//                                                       measures the server's memory again without building the pool)
//        dotnet run -c Release --project bench/Tagloop.Bench -- mislabels [--repeats 3] [--encoders tfidf,minilm+tfidf]
//        dotnet run -c Release --project bench/Tagloop.Bench -- minilm [--repeats 3] [--short 2000] [--long 300] [--no-demo]
//        dotnet run -c Release --project bench/Tagloop.Bench -- team [--documents 30000] [--tasks 40] [--answer-documents 40000] [--runs 5]
//                                                       (SQLite and PostgreSQL: needs PostgreSQL's server binaries, as the storage tests do)
//        dotnet run -c Release --project bench/Tagloop.Bench -- weak [--size 100000] [--timing-only]
//        dotnet run -c Release --project bench/Tagloop.Bench -- spans [--repeats 3] [--strategies all|mnlp,random] [--batch 100] [--no-curves] [--word-vectors PATH]
//                                                       (--no-curves keeps the page's active-learning section as it is)
//        dotnet run -c Release --project bench/Tagloop.Bench -- spans --full-data-only [--word-vectors PATH]  (only the "All training sentences" section, replaced in the page)
//        dotnet run -c Release --project bench/Tagloop.Bench -- spans-update [--full-refits] [--write] [--word-vectors PATH]  (the quick updates with
//                                                       word features and with GloVe vectors + word clusters; --write replaces the page's section)
//        dotnet run -c Release --project bench/Tagloop.Bench -- spans-gazetteer [--word-vectors PATH]  (its own section of the page)
//        dotnet run -c Release --project bench/Tagloop.Bench -- explore [--sizes 10000,100000] [--repeats 3] [--word-vectors PATH]  (the map and groups of real texts, the
//                                                       map on synthetic rows, the clusters against gold classes with MiniLM, GloVe-SIF and
//                                                       TF-IDF, and the automatic k: written to docs/benchmarks/explore.md)
//        dotnet run -c Release --project bench/Tagloop.Bench -- explore-clusters [--repeats 3] [--word-vectors PATH]  (ARI/NMI of the Explore
//                                                       clusters on AG News and TREC against k-means on TF-IDF, and the automatic k; prints only)
//        dotnet run -c Release --project bench/Tagloop.Bench -- spans --curves-only [--repeats 3] [--strategies all|none|a,b] [--batch 100]
//                                                       [--seed-labels 100] [--merge a.json,b.json]  (only the active-learning section:
//                                                       the strategies run, merged with docs/benchmarks/spans-curves.json and the
//                                                       --merge files of the same settings, rendered into the page, the rest kept)
//        dotnet run -c Release --project bench/Tagloop.Bench -- weak-loop [--repeats 3] [--mode decay|fixed] [--weight 0.25] [--no-steer] [--sets youtube,sms]
//        dotnet run -c Release --project bench/Tagloop.Bench -- explore-k [--seed 1]  (silhouette curves k = 2…30 on 2,000-row samples of
//                                                       real and synthetic embeddings, as CSV: the study behind the automatic k)
//        dotnet run -c Release --project bench/Tagloop.Bench -- explore-map [--sizes 10000,100000]  (the Explore map's projection on synthetic rows; prints only)
var shared = Argument("--shared") ?? Path.Combine(FindRoot(), "..", "shared");
var lines = int.Parse(Argument("--lines") ?? "1000000", CultureInfo.InvariantCulture);
var repeats = int.Parse(Argument("--repeats") ?? "3", CultureInfo.InvariantCulture);
var datasets = Path.GetFullPath(Path.Combine(shared, "datasets"));
if (!Directory.Exists(datasets))
{
    Console.Error.WriteLine($"The shared datasets are not at {datasets}; pass --shared PATH.");
    return 2;
}

if (args.Contains("explore"))
{
    await ExploreBench.RunAsync(datasets, FindRoot(), Argument("--word-vectors") ?? Path.Combine(FindRoot(), "tagloop-data", "models", "glove-100d.vec"),
        [.. (Argument("--sizes") ?? "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))], int.Parse(Argument("--repeats") ?? "3", CultureInfo.InvariantCulture));
    return 0;
}

if (args.Contains("explore-k"))
{
    ExploreKStudy.Run(datasets, FindRoot(), Argument("--word-vectors") ?? Path.Combine(FindRoot(), "tagloop-data", "models", "glove-100d.vec"),
        int.Parse(Argument("--seed") ?? "1", CultureInfo.InvariantCulture));
    return 0;
}

if (args.Contains("explore-clusters"))
{
    using var wordVectors = Tagloop.Learning.Encoders.WordVectors.Open(Argument("--word-vectors") ?? Path.Combine(FindRoot(), "tagloop-data", "models", "glove-100d.vec"));
    ExploreClustersBench.Run(datasets, FindRoot(), wordVectors, int.Parse(Argument("--repeats") ?? "3", CultureInfo.InvariantCulture));
    return 0;
}

if (args.Contains("explore-map"))
{
    ExploreMapBench.Run([.. (Argument("--sizes") ?? "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))], seed: 1);
    return 0;
}

if (args.Contains("features"))
{
    var vectors = Argument("--word-vectors") ?? Path.Combine(FindRoot(), "tagloop-data", "models", "glove-100d.vec");
    await FeatureComparison.RunAsync(datasets, FindRoot(), int.Parse(Argument("--repeats") ?? "5", CultureInfo.InvariantCulture), vectors,
        (Argument("--only") ?? "trec,sms_spam,sst2").Split(','));
    return 0;
}

if (args.Contains("latency"))
{
    var sizes = (Argument("--sizes") ?? "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    await Latency.RunAsync(
        datasets, FindRoot(), sizes, Argument("--word-vectors") ?? Path.Combine(FindRoot(), "tagloop-data", "models", "glove-100d.vec"),
        int.Parse(Argument("--annotator-pool") ?? "100000", CultureInfo.InvariantCulture),
        int.Parse(Argument("--large-pool") ?? "1300000", CultureInfo.InvariantCulture),
        int.Parse(Argument("--large-tasks") ?? "25", CultureInfo.InvariantCulture),
        [.. (Argument("--wide-sizes") ?? "100000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
        refitsOnly: args.Contains("--refits-only"), withMemory: args.Contains("--with-memory"),
        keptWork: Argument("--work") is { } kept ? Directory.CreateDirectory(kept).FullName : null);
    return 0;
}

if (args.Contains("minilm"))
{
    await MiniLmThroughput.RunAsync(datasets, FindRoot(), repeats, int.Parse(Argument("--short") ?? "2000", CultureInfo.InvariantCulture),
        int.Parse(Argument("--long") ?? "300", CultureInfo.InvariantCulture), demo: !args.Contains("--no-demo"));
    return 0;
}

if (args.Contains("team"))
{
    return await Team.RunAsync(datasets, FindRoot(), int.Parse(Argument("--documents") ?? "30000", CultureInfo.InvariantCulture),
        int.Parse(Argument("--tasks") ?? "40", CultureInfo.InvariantCulture), int.Parse(Argument("--answer-documents") ?? "40000", CultureInfo.InvariantCulture),
        int.Parse(Argument("--runs") ?? "5", CultureInfo.InvariantCulture));
}

if (args.Contains("spans-gazetteer"))
{
    await SpansBench.GazetteerAsync(datasets, FindRoot(), Argument("--word-vectors") ?? Path.Combine(FindRoot(), "tagloop-data", "models", "glove-100d.vec"));
    return 0;
}

if (args.Contains("spans-update"))
{
    await SpansBench.UpdatesOnlyAsync(datasets, FindRoot(), int.Parse(Argument("--update-iterations") ?? "20", CultureInfo.InvariantCulture),
        int.Parse(Argument("--update-sentences") ?? "150", CultureInfo.InvariantCulture), args.Contains("--full-refits"),
        Argument("--word-vectors") ?? Path.Combine(FindRoot(), "tagloop-data", "models", "glove-100d.vec"), args.Contains("--write"));
    return 0;
}

if (args.Contains("spans") && args.Contains("--curves-only"))
{
    await SpanCurvesBench.CurvesOnlyAsync(datasets, FindRoot(), SpanStrategies(Argument("--strategies") ?? "all"),
        int.Parse(Argument("--seed-labels") ?? SpanCurvesBench.SeedSentences.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        int.Parse(Argument("--batch") ?? "100", CultureInfo.InvariantCulture), int.Parse(Argument("--repeats") ?? "3", CultureInfo.InvariantCulture),
        Argument("--merge")?.Split(',') ?? []);
    return 0;
}

if (args.Contains("spans"))
{
    await SpansBench.RunAsync(datasets, FindRoot(), int.Parse(Argument("--repeats") ?? "3", CultureInfo.InvariantCulture),
        SpanStrategies(Argument("--strategies") ?? "all"), int.Parse(Argument("--batch") ?? "100", CultureInfo.InvariantCulture), !args.Contains("--no-curves"),
        Argument("--word-vectors") ?? Path.Combine(FindRoot(), "tagloop-data", "models", "glove-100d.vec"), fullDataOnly: args.Contains("--full-data-only"));
    return 0;
}

if (args.Contains("weak-loop"))
{
    await WeakLoopBench.RunAsync(datasets, FindRoot(), int.Parse(Argument("--repeats") ?? "3", CultureInfo.InvariantCulture),
        Argument("--mode") ?? "decay", !args.Contains("--no-steer"), Argument("--sets")?.Split(','),
        double.Parse(Argument("--weight") ?? "0.25", CultureInfo.InvariantCulture));
    return 0;
}

if (args.Contains("weak") && args.Contains("--timing-only"))
{
    await WeakSupervisionBench.TimingOnlyAsync(datasets, FindRoot(), int.Parse(Argument("--size") ?? "100000", CultureInfo.InvariantCulture));
    return 0;
}

if (args.Contains("weak"))
{
    await WeakSupervisionBench.RunAsync(datasets, FindRoot(), int.Parse(Argument("--size") ?? "100000", CultureInfo.InvariantCulture));
    return 0;
}

if (args.Contains("mislabels"))
{
    await Mislabels.RunAsync(datasets, FindRoot(), int.Parse(Argument("--repeats") ?? "3", CultureInfo.InvariantCulture),
        (Argument("--encoders") ?? "tfidf,minilm+tfidf").Split(','));
    return 0;
}

if (args.Contains("label-efficiency"))
{
    await LabelEfficiency.RunAsync(datasets, FindRoot(), int.Parse(Argument("--repeats") ?? "5", CultureInfo.InvariantCulture), Argument("--only")?.Split(','), Argument("--encoder"));
    Console.WriteLine("Wrote docs/benchmarks/label-efficiency.md");
    return 0;
}

var figures = await ImportThroughput.RunAsync(datasets, lines, repeats);
var page = new StringBuilder()
    .AppendLine("# Import throughput")
    .AppendLine()
    .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench` (the numbers below are from its last run).")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"A JSONL file of {figures.Lines:N0} lines ({figures.FileBytes / 1e6:0} MB; AG News test texts, each made unique, with a small `meta` object) imported through `DocumentImporter` into a fresh SQLite database (WAL, synchronous=FULL), {figures.Seconds.Count} runs.")
    .AppendLine()
    .AppendLine("| figure | value |")
    .AppendLine("|---|---|")
    .AppendLine(CultureInfo.InvariantCulture, $"| median time | {figures.MedianSeconds:0.0} s |")
    .AppendLine(CultureInfo.InvariantCulture, $"| median throughput | {figures.DocumentsPerSecond:N0} documents/s |")
    .AppendLine(CultureInfo.InvariantCulture, $"| all runs | {string.Join(", ", figures.Seconds.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture) + " s"))} |")
    .AppendLine(CultureInfo.InvariantCulture, $"| peak managed heap during import | {figures.PeakHeapBytes / 1e6:0} MB |")
    .AppendLine()
    .AppendLine("Where the time goes: SQLite itself, inserting 1,000,000 rows of the same shape with the same two random-order")
    .AppendLine("indexes (text hash, shuffle key) straight from the `sqlite3` shell, takes about 18 s on this machine; the rest is")
    .AppendLine("JSON parsing, hashing and the ADO.NET round trips. An import commits in batches of at most 50 ms or 5,000 rows,")
    .AppendLine("hidden until it completes, so answers and training runs get SQLite's write lock in between (docs/benchmarks/latency.md).")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
var output = Path.Combine(FindRoot(), "docs", "benchmarks", "import.md");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, page.ToString());
Console.WriteLine($"Wrote {output}");
return 0;

static IReadOnlyList<string> SpanStrategies(string list) => list switch
{
    "all" => Tagloop.Learning.Spans.SentenceAcquisition.Names,
    "none" => [],
    _ => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
};

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Tagloop.slnx")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository.");
}
