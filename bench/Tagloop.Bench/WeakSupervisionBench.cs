using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tagloop.Core.WeakSupervision;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Loop;
using Tagloop.Learning.WeakSupervision;
using Tagloop.Pretrained;

namespace Tagloop.Bench;

/// <summary>
/// <c>bench -- weak</c>: the label models, Epoxy's extension and the end model on WRENCH's recorded rule outputs and on
/// rules written for SMS spam and AG News, then the cost of the rules → end model path at 100k documents; writes
/// docs/benchmarks/weak-supervision.md.
/// </summary>
internal static class WeakSupervisionBench
{
    private const string Encoder = "minilm+tfidf";

    /// <summary>Measures the path at <paramref name="size"/> documents again and replaces only that section of the page.</summary>
    public static async Task TimingOnlyAsync(string datasets, string root, int size)
    {
        var section = new StringBuilder();
        await TimingAsync(section, datasets, root, size).ConfigureAwait(false);
        section.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.")
            .AppendLine();
        var output = Path.Combine(root, "docs", "benchmarks", "weak-supervision.md");
        var page = await File.ReadAllTextAsync(output).ConfigureAwait(false);
        var at = page.IndexOf("## The path at", StringComparison.Ordinal);
        var next = at < 0 ? -1 : page.IndexOf("\n## ", at + 3, StringComparison.Ordinal);
        page = at < 0 ? page.TrimEnd() + "\n\n" + section : page[..at] + section + (next >= 0 ? page[(next + 1)..] : "");
        await File.WriteAllTextAsync(output, page).ConfigureAwait(false);
        Console.WriteLine(section);
        Console.WriteLine($"Wrote {output}");
    }

    public static async Task RunAsync(string datasets, string root, int size)
    {
        var dataDir = Path.Combine(root, "tagloop-data");
        using var miniLm = new RememberingEncoder(TextEncoderCatalog.OpenDense("minilm", new TextEncoderResources(MiniLmCacheDirectory: MiniLmModel.Extract(MiniLmModel.FolderIn(dataDir)))));
        var page = new StringBuilder()
            .AppendLine("# Weak supervision")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Written by `dotnet run -c Release --project bench/Tagloop.Bench -- weak` (numbers from its last run; `--size {size}` for the timing section).")
            .AppendLine()
            .AppendLine("## Label models, the extension and the end model")
            .AppendLine()
            .AppendLine("Each row is `tagloop weak` (`WeakExperiment`) on one data set: the label model is fitted on the training split's votes")
            .AppendLine("alone (no gold label is read; `auto` without a dev file takes the triplet model for two classes and majority vote for more,")
            .AppendLine("the choice measured on these sets: `AutoLabelModel.DefaultFor`), the end model is the soft-target softmax over MiniLM sentence vectors and hashed")
            .AppendLine("TF-IDF, trained on the label model's distribution over every training document a rule covers. Label-model")
            .AppendLine("accuracy is over the test documents a rule covers (a tie between t classes holding the right one counts 1/t);")
            .AppendLine("the end model's over every test document. \"+ extension\": each rule's votes carried to documents it abstains on")
            .AppendLine("within the corpus's cosine radius of its nearest vote (Epoxy; `--extend`), the label model refitted.")
            .AppendLine()
            .AppendLine("| data | rules | label model | label model accuracy | coverage | end model accuracy | end model macro-F1 | + extension: label model accuracy | coverage | end model accuracy | fit |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var set in Sets(datasets, root))
        {
            Console.WriteLine($"{set.Name}: {set.Train.Count:N0} training and {set.Test.Count:N0} test documents");
            WeakScore? majorityVote = null;
            foreach (var model in new[] { "majority", "dawid-skene", "triplet", "auto" })
            {
                WeakReport Run(bool extend) => WeakExperiment.Run(set.Train, set.Test, null, set.Classes, set.Rules, set.RuleNames,
                    new WeakSettings(model, extend, Encoder, new TextEncoderResources()) { DenseEncoder = miniLm });
                var plain = Run(false);
                var extended = Run(true);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"| {set.Name} | {set.RulesText} | {Name(model, plain)} | {plain.LabelModel.Accuracy:0.000} | {plain.LabelModel.Coverage:P1} | {plain.EndModel.Accuracy:0.000} | {plain.EndModel.MacroF1:0.000} | {extended.Extended!.Accuracy:0.000} | {extended.Extended.Coverage:P1} | {extended.EndModel.Accuracy:0.000} | {plain.FitMs:0.0} ms |");
                Console.WriteLine(line);
                page.AppendLine(line);
                majorityVote = plain.MajorityVote;
            }

            page.AppendLine(CultureInfo.InvariantCulture, $"| {set.Name} | | majority vote as `tagloop weak` reports it beside any model | {majorityVote!.Accuracy:0.000} | {majorityVote.Coverage:P1} | | | | | | |");
        }

        page.AppendLine()
            .AppendLine("Data: WRENCH's YouTube (train 1,586 / test 250, 10 rules from Snorkel's spam tutorial), SMS (73 rules) and TREC (68")
            .AppendLine("rules; six classes) with the rules' recorded outputs (`--weak-labels-field weak_labels`); WRENCH's SMS and TREC training")
            .AppendLine("splits are not in the shared copy, so their 500-document valid splits serve as the unlabelled training documents.")
            .AppendLine("SMS spam (the full UCI collection's train/test split) and AG News (the 7,600 test articles, split 6,000 / 1,600 with")
            .AppendLine("a seed) are labelled by rules written for this benchmark without looking at the test split: `bench/rules/sms-spam.rules.json`")
            .AppendLine("(14 rules: keywords, regular expressions, similarity to example texts) and `bench/rules/ag-news.rules.json` (15 rules).")
            .AppendLine();
        await TimingAsync(page, datasets, root, size).ConfigureAwait(false);
        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
        var output = Path.Combine(root, "docs", "benchmarks", "weak-supervision.md");

        // The loop's section (WeakLoopBench, its own command) is kept as it was.
        var old = File.Exists(output) ? await File.ReadAllTextAsync(output).ConfigureAwait(false) : "";
        var loop = old.IndexOf(WeakLoopBench.Heading, StringComparison.Ordinal);
        if (loop >= 0)
        {
            page.AppendLine().Append(old[loop..]);
        }

        await File.WriteAllTextAsync(output, page.ToString()).ConfigureAwait(false);
        Console.WriteLine($"Wrote {output}");
    }

    private static string Name(string asked, WeakReport report) => asked == "auto" ? $"auto ({report.LabelModel.Name})" : report.LabelModel.Name;

    /// <summary>The rules → end model path at <paramref name="size"/> documents: 20 keyword and regex rules over real texts, TF-IDF features.</summary>
    private static async Task TimingAsync(StringBuilder page, string datasets, string root, int size)
    {
        var texts = new List<string>();
        foreach (var file in new[] { "ag_news/test.jsonl", "sms_spam/all.jsonl", "trec/train.jsonl", "rotten_tomatoes/train.jsonl", "sst2/train.jsonl", "youtube_spam/all.jsonl" })
        {
            var path = Path.Combine(datasets, file);
            if (File.Exists(path))
            {
                texts.AddRange(File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!));
            }
        }

        var distinct = texts.Distinct(StringComparer.Ordinal).ToList();
        var corpus = Enumerable.Range(0, size).Select(i => i < distinct.Count ? distinct[i % distinct.Count] : $"{distinct[i % distinct.Count]} ({i / distinct.Count})").ToList();
        var rules = RulesFile.Parse(await File.ReadAllTextAsync(Path.Combine(root, "bench", "rules", "ag-news.rules.json")).ConfigureAwait(false))
            .Concat(RulesFile.Parse(await File.ReadAllTextAsync(Path.Combine(root, "bench", "rules", "sms-spam.rules.json")).ConfigureAwait(false)))
            .Where(r => r.Kind is RuleKind.Keywords or RuleKind.Regex).Take(20).ToList();
        var classes = rules.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        var encoder = HashedTfidfEncoder.Fit(corpus);
        var features = FeatureRows.FromSparse(encoder.Encode(corpus));
        var steps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Time(string step, Action action)
        {
            var clock = Stopwatch.StartNew();
            action();
            (steps.TryGetValue(step, out var list) ? list : steps[step] = []).Add(clock.Elapsed.TotalMilliseconds);
        }

        const int Runs = 5;
        LabelMatrix? matrix = null;

        // The project's path keeps what a project keeps between runs: the features, their projection for diversity,
        // the span of the labelled rows and the last model.
        var geometry = RandomProjection.ProjectQuantised(features, RandomProjection.DefaultDimension);
        var span = new SpanProjection(features, new BayesianSoftmaxOptions().PosteriorRank);
        Tagloop.Learning.Classification.ILabelModel? previous = null;
        var answerRandom = new Random(5);
        int[] answerRows = [.. Enumerable.Range(0, 40).Select(_ => answerRandom.Next(size)).Distinct()];
        for (var run = 0; run <= Runs; run++)
        {
            var total = Stopwatch.StartNew();
            Time("apply the rules (one Aho–Corasick pass for the keyword rules, each regex on both cores)", () => matrix = RuleSet.Compile(rules, classes).Apply(new RuleCorpus(corpus)).Matrix);
            FittedLabelModel? fitted = null;
            foreach (var name in LabelModelCatalog.Names)
            {
                Time($"fit the label model: {name}", () => fitted = LabelModelCatalog.Create(name).Fit(matrix!));
            }

            float[]? targets = null;
            int[]? kept = null;
            Time("label model probabilities for every covered document", () =>
            {
                var probabilities = fitted!.Predict(matrix!);
                var covered = FittedLabelModel.Covered(matrix!);
                kept = [.. Enumerable.Range(0, corpus.Count).Where(i => covered[i])];
                targets = new float[kept.Length * classes.Count];
                for (var i = 0; i < kept.Length; i++)
                {
                    probabilities.AsSpan(kept[i] * classes.Count, classes.Count).CopyTo(targets.AsSpan(i * classes.Count));
                }
            });
            Time("train the end model (soft-target softmax over TF-IDF, the covered documents)", () => SoftTargetSoftmax.Train(features.SelectRows(kept!), targets, [], classes.Count));
            (steps.TryGetValue("whole path (rules → all three label models → end model)", out var whole) ? whole : steps["whole path (rules → all three label models → end model)"] = []).Add(total.Elapsed.TotalMilliseconds);

            // The project's path when an expert edits one rule: that rule applied alone and put in the matrix, the label
            // model fitted again, and the project's model refitted on its answers and the weak labels, the pool ranked.
            var project = Stopwatch.StartNew();
            var edited = rules[run % rules.Count] with { Name = "edited" };
            Time("project: the edited rule applied alone (one of the 20, in turn)", () =>
                matrix = matrix!.WithRule(run % rules.Count, RuleSet.Compile([edited], classes).ApplyOne(0, new RuleCorpus(corpus)).Votes));
            WeakLabels? weak = null;
            Time("project: label model (the default for 6 classes) and each covered document's distribution", () =>
            {
                var model = LabelModelCatalog.Create(AutoLabelModel.DefaultFor(classes.Count)).Fit(matrix!);
                var probabilities = model.Predict(matrix!);
                var covered = FittedLabelModel.Covered(matrix!);
                int[] rows = [.. Enumerable.Range(0, corpus.Count).Where(i => covered[i])];
                var q = new float[rows.Length * classes.Count];
                for (var i = 0; i < rows.Length; i++)
                {
                    probabilities.AsSpan(rows[i] * classes.Count, classes.Count).CopyTo(q.AsSpan(i * classes.Count));
                }

                weak = new WeakLabels(rows, q, classes.Count, WeakLabels.DefaultWeight);
            });
            Time($"project: its model refitted on {answerRows.Length} answers + up to 500 rule-labelled documents, all {size:N0} documents scored and ranked", () =>
            {
                var answers = new LabelledRows(answerRows, [.. answerRows.Select(r => new[] { r % classes.Count })], classes.Count, false);
                previous = LabellingLoop.Refit(features, geometry, answers, AcquisitionCatalog.Find(AcquisitionCatalog.Default)!, previous, run, new BayesianSoftmaxOptions(), span: span, weak: weak).Model;
            });
            (steps.TryGetValue("project: whole path after a rule is edited", out var projectPath) ? projectPath : steps["project: whole path after a rule is edited"] = []).Add(project.Elapsed.TotalMilliseconds);
            if (run == 0)
            {
                foreach (var list in steps.Values)
                {
                    list.Clear(); // the first run warms up
                }
            }
        }

        // A single rule previewed over the whole corpus, as the editor does while a rule is typed: the first keyword and the
        // first regex rule, each 5 times after a warm-up.
        foreach (var kind in new[] { RuleKind.Keywords, RuleKind.Regex })
        {
            var rule = rules.First(r => r.Kind == kind);
            var one = RuleSet.Compile([rule], classes);
            var name = $"preview one {(kind == RuleKind.Keywords ? "keyword" : "regex")} rule over {size:N0} documents ('{rule.Name}')";
            for (var run = 0; run <= Runs; run++)
            {
                Time(name, () => one.ApplyOne(0, new RuleCorpus(corpus)));
                if (run == 0)
                {
                    steps[name].Clear();
                }
            }
        }

        // A million documents and fifty rules: the 20 keyword and regex rules and copies of them under other names, each a
        // rule of its own in the matrix (the automaton holds every keyword once per rule), 3 runs after a warm-up.
        const int Million = 1_000_000;
        var million = Enumerable.Range(0, Million).Select(i => $"{distinct[i % distinct.Count]} ({i / distinct.Count})").ToList();
        var fifty = Enumerable.Range(0, 50).Select(i => rules[i % rules.Count] with { Name = $"{rules[i % rules.Count].Name} ({i})" }).ToList();
        var fiftySet = RuleSet.Compile(fifty, classes);
        var millionName = $"apply 50 rules to {Million:N0} documents (label matrix)";
        for (var run = 0; run <= 3; run++)
        {
            Time(millionName, () => fiftySet.Apply(new RuleCorpus(million)));
            if (run == 0)
            {
                steps[millionName].Clear();
            }
        }

        million.Clear();
        var covered = FittedLabelModel.Covered(matrix!).Count(c => c);
        page.AppendLine(CultureInfo.InvariantCulture, $"## The path at {size:N0} documents")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{size:N0} documents (the shared corpora's {distinct.Count:N0} distinct texts, repeated with a suffix), the {rules.Count} keyword and regex rules of the two rules files")
            .AppendLine(CultureInfo.InvariantCulture, $"({classes.Count} classes; they cover {covered:N0} documents), hashed TF-IDF features encoded beforehand (a project keeps them); one warm-up run, then {Runs} runs (3 for the million documents): median and range.")
            .AppendLine("Rows starting \"project:\" are what a project does when an expert edits a rule: that rule applied alone and put in the matrix, the")
            .AppendLine("label model fitted again, and the project's own model (the Bayesian one, 40 answers and the rules' labels) refitted with every document")
            .AppendLine("scored and ranked; the project's features, their projection and the span of its answers are kept between runs, as a project keeps them.")
            .AppendLine()
            .AppendLine("| step | median | range |")
            .AppendLine("|---|---|---|");
        foreach (var (step, list) in steps)
        {
            list.Sort();
            page.AppendLine(CultureInfo.InvariantCulture, $"| {step} | **{list[list.Count / 2]:0.0} ms** | {list[0]:0.0} – {list[^1]:0.0} ms |");
        }
    }

    internal sealed record Set(string Name, string RulesText, List<WeakRow> Train, List<WeakRow> Test, IReadOnlyList<string> Classes, IReadOnlyList<RuleDefinition>? Rules, IReadOnlyList<string>? RuleNames);

    internal static IEnumerable<Set> Sets(string datasets, string root)
    {
        foreach (var (name, folder, trainSplit) in new[] { ("WRENCH YouTube", "youtube", "train"), ("WRENCH SMS", "sms", "valid"), ("WRENCH TREC", "trec", "valid") })
        {
            var trainPath = Path.Combine(datasets, "wrench", folder, $"{trainSplit}.jsonl");
            var train = WeakData.Read(trainPath, false, "weak_labels");
            var test = WeakData.Read(Path.Combine(datasets, "wrench", folder, "test.jsonl"), true, "weak_labels");
            var (classes, names) = WeakData.VoteLayout(trainPath, [], train[0].Votes!.Count);
            yield return new Set(name, $"{names.Count} recorded", train, test, classes, null, names);
        }

        var smsRules = RulesFile.Parse(File.ReadAllText(Path.Combine(root, "bench", "rules", "sms-spam.rules.json")));
        var smsTrain = WeakData.Read(Path.Combine(datasets, "sms_spam", "train.jsonl"), false);
        var smsTest = WeakData.Read(Path.Combine(datasets, "sms_spam", "test.jsonl"), true);
        yield return new Set("SMS spam", $"{smsRules.Count} written", smsTrain, smsTest, ["ham", "spam"], smsRules, null);

        var agRules = RulesFile.Parse(File.ReadAllText(Path.Combine(root, "bench", "rules", "ag-news.rules.json")));
        var ag = WeakData.Read(Path.Combine(datasets, "ag_news", "test.jsonl"), true);
        var random = new Random(11);
        var order = Enumerable.Range(0, ag.Count).OrderBy(_ => random.Next()).ToList();
        var agTrain = order.Take(6000).Select(i => ag[i]).ToList(); // WeakExperiment never reads training labels; the loop simulation does
        var agTest = order.Skip(6000).Select(i => ag[i]).ToList();
        yield return new Set("AG News", $"{agRules.Count} written", agTrain, agTest, [.. ag.Select(r => r.Label!).Distinct().Order(StringComparer.Ordinal)], agRules, null);
    }

    /// <summary>A dense encoder that remembers every text's vector, so the runs of one data set encode it once.</summary>
    private sealed class RememberingEncoder(IDenseTextEncoder inner) : IDenseTextEncoder
    {
        private readonly ConcurrentDictionary<string, float[]> known = new(StringComparer.Ordinal);

        public string Name => inner.Name;

        public int Dimension => inner.Dimension;

        public void Encode(IReadOnlyList<string> texts, Span<float> output)
        {
            var missing = texts.Where(t => !known.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                var values = new float[missing.Count * Dimension];
                inner.Encode(missing, values);
                for (var i = 0; i < missing.Count; i++)
                {
                    known[missing[i]] = values.AsSpan(i * Dimension, Dimension).ToArray();
                }
            }

            for (var i = 0; i < texts.Count; i++)
            {
                known[texts[i]].CopyTo(output.Slice(i * Dimension, Dimension));
            }
        }

        public void Dispose() => inner.Dispose();
    }
}
