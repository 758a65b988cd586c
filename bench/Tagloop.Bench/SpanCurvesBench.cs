using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tagloop.Core.Simulation;
using Tagloop.Learning.Spans;

namespace Tagloop.Bench;

/// <summary>
/// The active-learning section of docs/benchmarks/spans.md: <see cref="SpanSimulation"/> curves over sentences on
/// CoNLL-2003, every strategy's mean of the repeats by sentences and by tokens labelled, the 95 % mark, the gap to
/// random, and the default the figures choose. Results are kept in docs/benchmarks/spans-curves.json, so strategies
/// can be run one at a time (or in separate processes, then merged) and the section rendered from all of them.
/// </summary>
internal static class SpanCurvesBench
{
    /// <summary>The section's heading: everything from it to <see cref="EndMarker"/> is the section.</summary>
    public const string Heading = "## Active learning over sentences";

    /// <summary>Random sentences every curve starts from (whatever the batch), so curves of different batches compare.</summary>
    public const int SeedSentences = 100;

    private const string EndMarker = "<!-- end of the active-learning section -->";
    private const string StoreName = "spans-curves.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The section as the page holds it now (verbatim, end marker included), or empty when it has none.</summary>
    public static string Existing(string root)
    {
        var path = PagePath(root);
        return File.Exists(path) ? Cut(File.ReadAllText(path)).Section : "";
    }

    /// <summary>
    /// Runs <paramref name="strategies"/> (none: only render), merges their results and those in <paramref name="merge"/>
    /// into the store, and returns the section rendered from every stored strategy.
    /// </summary>
    public static string Run(
        string root, List<TaggedSentence> train, List<TaggedSentence> test, IReadOnlyList<string> strategies, int seedLabels, int batch, int repeats, IReadOnlyList<string> merge)
    {
        var budget = train.Count / 4;
        var settings = new SpanSimulationSettings([.. strategies], SeedLabels: seedLabels, Batch: batch, Budget: budget, Repeats: repeats);
        var storePath = Path.Combine(root, "docs", "benchmarks", StoreName);
        var store = File.Exists(storePath) ? JsonSerializer.Deserialize<CurveStore>(File.ReadAllText(storePath)) : null;
        var wanted = new CurveStore(seedLabels, batch, budget, repeats, settings.EnsembleSize, settings.EnsembleIterations, null!);
        var kept = new Dictionary<string, StrategyReport>(StringComparer.Ordinal);
        var keptRepeats = new Dictionary<string, int>(StringComparer.Ordinal);
        var full = store?.Report.FullData;
        foreach (var source in (store is null ? [] : new[] { store }).Concat(merge.Select(m => JsonSerializer.Deserialize<CurveStore>(File.ReadAllText(m))!)))
        {
            if (!source.SameSettings(wanted))
            {
                Console.WriteLine($"dropped stored curves of other settings ({string.Join(", ", source.Report.Strategies.Keys)})");
                continue;
            }

            full ??= source.Report.FullData;
            foreach (var (name, report) in source.Report.Strategies)
            {
                kept[name] = report;
                keptRepeats[name] = source.RepeatsOf(name);
            }
        }

        if (strategies.Count > 0)
        {
            var report = SpanSimulation.Run(train, test, settings with { FullData = full }, new Progress<string>(Console.WriteLine));
            full = report.FullData;
            foreach (var (name, s) in report.Strategies)
            {
                kept[name] = s;
                keptRepeats[name] = repeats;
            }
        }

        if (full is null || kept.Count == 0)
        {
            throw new InvalidOperationException("No curves to show: run some strategies (--strategies) or merge stored ones (--merge).");
        }

        var ordered = SentenceAcquisition.Names.Where(kept.ContainsKey).ToDictionary(n => n, n => kept[n], StringComparer.Ordinal);
        var merged = wanted with
        {
            Report = new SimulationReport(train.Count, test.Count, EntityTypes(train), SpanSimulation.FeaturesName, full, ordered),
            RepeatsByStrategy = ordered.Keys.ToDictionary(n => n, n => keptRepeats[n], StringComparer.Ordinal),
        };
        File.WriteAllText(storePath, JsonSerializer.Serialize(merged, Json));
        return Render(merged);
    }

    /// <summary><c>bench -- spans --curves-only</c>: the section run (or rendered) and spliced into the page, the rest kept.</summary>
    public static async Task CurvesOnlyAsync(
        string datasets, string root, IReadOnlyList<string> strategies, int seedLabels, int batch, int repeats, IReadOnlyList<string> merge)
    {
        var folder = Path.Combine(datasets, "conll2003");
        var section = Run(root, Read(Path.Combine(folder, "train.conll")), Read(Path.Combine(folder, "test.conll")), strategies, seedLabels, batch, repeats, merge);
        var path = PagePath(root);
        var (before, _, after) = Cut(File.Exists(path) ? await File.ReadAllTextAsync(path).ConfigureAwait(false) : "");
        if (before.Length == 0 && after.Length == 0)
        {
            before = "# Span tagging\n\n";
        }
        else if (after.Length == 0 && before.LastIndexOf("\nMachine:", StringComparison.Ordinal) is var machine and >= 0)
        {
            // A page without the section: it goes before the page's closing machine line.
            (before, after) = (before[..(machine + 1)], before[(machine + 1)..]);
        }

        await File.WriteAllTextAsync(path, before + section + after).ConfigureAwait(false);
        Console.WriteLine($"Wrote {path}");
    }

    private static string Render(CurveStore store)
    {
        var report = store.Report;
        var fullF1 = report.FullData.EntityF1 ?? 0;
        var target = 0.95 * fullF1;
        var random = report.Strategies.GetValueOrDefault(SentenceAcquisition.Random);
        var page = new StringBuilder()
            .AppendLine(Heading)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Written by `dotnet run -c Release --project bench/Tagloop.Bench -- spans` (or alone: `-- spans --curves-only [--strategies a,b] [--merge file.json]`; results kept in `docs/benchmarks/{StoreName}`).")
            .AppendLine(CultureInfo.InvariantCulture, $"`SpanSimulation` (as `tagloop simulate --task span-tagging`): {store.SeedLabels} random sentences, then batches of {store.Batch} chosen by each strategy, up to {store.Budget:N0} (a quarter of the {report.Train:N0} training sentences); the tagger refitted warm (`CrfTrainer.Train` from the previous weights) after each batch; test entity F1 (CoNLL exact match), mean of the repeats ({store.Repeats} unless the last table says otherwise), each repeat with its own seed sentences, the same for every strategy. `bald`: {store.EnsembleSize} bootstrap taggers per batch, each warm-started from the current tagger for {store.EnsembleIterations} L-BFGS iterations. Full data: **{fullF1:0.000}**; 95 % of it is **{target:0.000}**.")
            .AppendLine()
            .AppendLine("Test entity F1 by labelled sentences:")
            .AppendLine();
        var names = report.Strategies.Keys.ToList();
        var labels = report.Strategies.Values.First().Curve.Select(p => p.Labels).ToList();
        var step = store.Batch >= 200 ? store.Batch : store.Batch * 5;
        var rows = labels.Where(l => l == store.SeedLabels || (l - store.SeedLabels) % step == 0 || l == labels[^1]).ToList();
        Header(page, "sentences", names);
        foreach (var l in rows)
        {
            page.AppendLine(CultureInfo.InvariantCulture, $"| {l:N0} | {string.Join(" | ", names.Select(n => Point(report.Strategies[n], l) is { } p ? F1(p) : ""))} |");
        }

        page.AppendLine()
            .AppendLine("Tokens in the labelled sentences (what the answers cost; thousands):")
            .AppendLine();
        Header(page, "sentences", names);
        foreach (var l in rows)
        {
            page.AppendLine(CultureInfo.InvariantCulture, $"| {l:N0} | {string.Join(" | ", names.Select(n => Point(report.Strategies[n], l)?.Tokens is { } t ? (t / 1000).ToString("0.0", CultureInfo.InvariantCulture) : ""))} |");
        }

        // At equal cost: each curve read at the same token counts (linear between its points, blank outside them).
        var most = report.Strategies.Values.Max(s => s.Curve[^1].Tokens ?? 0);
        var tokenStep = most > 100_000 ? 20_000 : 10_000;
        page.AppendLine()
            .AppendLine("Test entity F1 by tokens labelled (each curve read between its points):")
            .AppendLine();
        Header(page, "tokens", names);
        for (var t = tokenStep; t <= most; t += tokenStep)
        {
            page.AppendLine(CultureInfo.InvariantCulture, $"| {t:N0} | {string.Join(" | ", names.Select(n => AtTokens(report.Strategies[n], t) is { } f ? f.ToString("0.000", CultureInfo.InvariantCulture) : ""))} |");
        }

        page.AppendLine()
            .AppendLine("| strategy | repeats | tokens per chosen sentence | sentences to 95 % | tokens then | F1 at the last point (sentences) | tokens then | worst gap to random (at sentences) | worst gap to random by tokens (at tokens) | refit median | refit p95 | one curve |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, s) in report.Strategies)
        {
            var reached = s.Curve.FirstOrDefault(p => p.EntityF1 >= target);
            var gap = random is null || name == SentenceAcquisition.Random ? null : WorstGap(s, random);
            page.AppendLine(CultureInfo.InvariantCulture, $"| `{name}` | {store.RepeatsOf(name)} | {PerSentence(s):0.0} | {(reached is null ? "> " + s.Curve[^1].Labels.ToString("N0", CultureInfo.InvariantCulture) : reached.Labels.ToString("N0", CultureInfo.InvariantCulture))} | {(reached?.Tokens is { } rt ? rt.ToString("N0", CultureInfo.InvariantCulture) : "")} | {F1(s.Curve[^1])} ({s.Curve[^1].Labels:N0}) | {s.Curve[^1].Tokens ?? 0:N0} | {(gap is { } g ? $"{g.Gap:+0.000;-0.000;0.000} ({g.Labels:N0})" : "")} | {(random is null || name == SentenceAcquisition.Random ? "" : WorstTokenGap(s, random) is { } tg ? $"{tg.Gap:+0.000;-0.000;0.000} ({tg.Tokens:N0})" : "")} | {Seconds(s.UpdateMsMedian)} | {Seconds(s.UpdateMsP95)} | {(s.Seconds is { } secs ? $"{secs / store.RepeatsOf(name) / 60:0.0} min" : "")} |");
        }

        page.AppendLine()
            .AppendLine("The worst gap is the strategy's F1 minus random's at the same number of sentences, at its lowest after the seed (positive: never below random); by tokens, the same at equal tokens labelled, every 2,500 tokens where both curves reach. Strategies run with fewer repeats than random are noisier: a gap within ±0.01 of zero is within the repeats' spread. One curve: wall time of one repeat (refits, scoring the pool, evaluation), on a machine shared with other work.")
            .AppendLine();
        page.AppendLine("Why `mnlp` trails random by sentences: dividing by the length makes one- and two-word lines the most uncertain per token. A look at its picks (seed 1000, batches of 100; a one-off check, not rerun by this benchmark) found the first batches averaging 2.3–2.6 tokens a sentence against 14.5 in the corpus — names alone, headings such as \"Division B\", newspaper titles, \"Halftime\" — and a batch holding only 52 distinct lines, \"EASTERN DIVISION\" 16 times: a batch is answered before the tagger learns from it, so every copy looks as uncertain as the first. Counted by sentences, the unit of a task and of the goal, it falls behind; counted by tokens it is ahead of random from the start (the per-token table), and it is the one to prefer when an answer costs what its words cost. `surprisal` sums the same log-probability over the sentence instead of averaging it, so a sentence counts for what it holds, and `SentenceAcquisition.SelectBatch` keeps near-copies (Jaccard ≥ 0.5 of lower-cased words, digits as 0) out of one batch.")
            .AppendLine();
        if (report.Strategies.ContainsKey(SentenceAcquisition.LeastConfidence) && report.Strategies.ContainsKey(SentenceAcquisition.Surprisal))
        {
            page.AppendLine("`least-confidence` scores 1 − P(best path), a rising function of `surprisal`'s −log P(best path): the two rank a pool alike, except that below a P(best path) of about 10⁻¹⁶ 1 − P rounds to 1 for every such sentence and the ties go in corpus order; and `least-confidence` takes each batch by score alone, without `SelectBatch`'s spread. Their curves differ by those two things and by their repeats.")
                .AppendLine();
        }

        Choice(page, report, random, target, store.Budget);
        page.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, section written {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.")
            .AppendLine()
            .AppendLine(EndMarker)
            .AppendLine();
        return page.ToString();
    }

    /// <summary>
    /// The rule the default follows: among the strategies never below random after the seed, the one that reaches 95 % of
    /// the full-data F1 with the fewest sentences (then the higher F1 at the budget).
    /// </summary>
    private static void Choice(StringBuilder page, SimulationReport report, StrategyReport? random, double target, int budget)
    {
        if (random is null)
        {
            page.AppendLine("Without a random curve the default cannot be judged here.");
            return;
        }

        var candidates = report.Strategies
            .Where(s => s.Key != SentenceAcquisition.Random && WorstGap(s.Value, random) is { Gap: >= 0 })
            .OrderBy(s => s.Value.Curve.FirstOrDefault(p => p.EntityF1 >= target)?.Labels ?? int.MaxValue)
            .ThenByDescending(s => s.Value.Curve[^1].EntityF1)
            .Select(s => s.Key)
            .ToList();
        var chosen = candidates.FirstOrDefault();
        var current = SentenceAcquisition.Default;
        var line = chosen is null
            ? "No strategy stays at or above random at every point: the rule (never below random, then the fewest sentences to 95 %) chooses none."
            : $"The rule (never below random after the seed, then the fewest sentences to 95 % of the full-data F1, then the higher F1 at {budget:N0}) chooses **`{chosen}`**.";
        page.AppendLine(line);
        if (chosen is not null)
        {
            // Strategies the first two criteria cannot tell from the chosen one: only the F1 at the budget decides.
            var reachedAt = report.Strategies[chosen].Curve.FirstOrDefault(p => p.EntityF1 >= target)?.Labels;
            var chosenLast = report.Strategies[chosen].Curve[^1].EntityF1 ?? 0;
            foreach (var tied in candidates.Skip(1).Where(n => reachedAt is not null && report.Strategies[n].Curve.FirstOrDefault(p => p.EntityF1 >= target)?.Labels == reachedAt))
            {
                var last = report.Strategies[tied].Curve[^1].EntityF1 ?? 0;
                page.AppendLine(CultureInfo.InvariantCulture, $"`{tied}` ties with `{chosen}` on the first two criteria (never below random; 95 % at the same {reachedAt:N0} sentences); the F1 at {budget:N0} decides, {chosenLast:0.0000} against {last:0.0000} ({chosenLast - last:+0.0000;-0.0000;0.0000}){(Math.Abs(chosenLast - last) < 0.01 ? ", a difference within the repeats' spread: on these figures the two are not told apart" : "")}.");
            }
        }

        if (report.Strategies.TryGetValue(current, out var def))
        {
            var gap = current == SentenceAcquisition.Random ? null : WorstGap(def, random);
            var tokenGap = current == SentenceAcquisition.Random ? null : WorstTokenGap(def, random);
            page.AppendLine(CultureInfo.InvariantCulture, $"The default (`SentenceAcquisition.Default`) is **`{current}`**{(chosen == current ? ", as the rule chooses" : chosen is null ? "" : $", not the rule's choice: change one or the other")}; {(gap is { } g ? g.Gap >= 0 ? $"by sentences it is never below random (its closest approach: {g.Gap:+0.000} at {g.Labels:N0} sentences)" : $"by sentences it falls below random by up to {-g.Gap:0.000} (at {g.Labels:N0} sentences)" : "it is random")}{(tokenGap is { } tg ? tg.Gap >= 0 ? $"; by tokens it is never below random either (closest: {tg.Gap:+0.000} at {tg.Tokens:N0})" : $"; by tokens labelled it is below random by up to {-tg.Gap:0.000} (at {tg.Tokens:N0} tokens): it asks for long sentences, each costing more to read" : "")}.");
        }
        else
        {
            page.AppendLine(CultureInfo.InvariantCulture, $"The default (`SentenceAcquisition.Default`, `{current}`) was not among the strategies run.");
        }
    }

    private static (double Gap, int Labels)? WorstGap(StrategyReport s, StrategyReport random)
    {
        (double Gap, int Labels)? worst = null;
        foreach (var p in s.Curve.Skip(1))
        {
            if (Point(random, p.Labels) is { EntityF1: { } r } && p.EntityF1 is { } f && (worst is null || f - r < worst.Value.Gap))
            {
                worst = (f - r, p.Labels);
            }
        }

        return worst;
    }

    /// <summary>The lowest of the strategy's F1 minus random's at equal tokens labelled, every 2,500 tokens where both curves reach.</summary>
    private static (double Gap, int Tokens)? WorstTokenGap(StrategyReport s, StrategyReport random)
    {
        (double Gap, int Tokens)? worst = null;
        for (var t = 2_500; t <= 200_000; t += 2_500)
        {
            if (AtTokens(s, t) is { } f && AtTokens(random, t) is { } r && (worst is null || f - r < worst.Value.Gap))
            {
                worst = (f - r, t);
            }
        }

        return worst;
    }

    private static double? AtTokens(StrategyReport s, double tokens)
    {
        var curve = s.Curve;
        for (var i = 1; i < curve.Count; i++)
        {
            if (curve[i - 1].Tokens is { } a && curve[i].Tokens is { } b && a <= tokens && tokens <= b && curve[i - 1].EntityF1 is { } fa && curve[i].EntityF1 is { } fb)
            {
                return b == a ? fb : fa + ((fb - fa) * (tokens - a) / (b - a));
            }
        }

        return null;
    }

    private static double PerSentence(StrategyReport s) =>
        s.Curve.Count < 2 ? 0 : ((s.Curve[^1].Tokens ?? 0) - (s.Curve[0].Tokens ?? 0)) / (s.Curve[^1].Labels - s.Curve[0].Labels);

    private static string Seconds(double ms) => ms > 0 ? (ms / 1000).ToString("0.0 s", CultureInfo.InvariantCulture) : "";

    private static CurvePoint? Point(StrategyReport s, int labels) => s.Curve.FirstOrDefault(p => p.Labels == labels);

    private static string F1(CurvePoint p) => (p.EntityF1 ?? 0).ToString("0.000", CultureInfo.InvariantCulture);

    private static void Header(StringBuilder page, string first, List<string> names) =>
        page.AppendLine(CultureInfo.InvariantCulture, $"| {first} | {string.Join(" | ", names.Select(n => $"`{n}`"))} |")
            .AppendLine("|---|" + string.Concat(names.Select(_ => "---|")));

    /// <summary>The page split around the section: before it, the section itself (heading to end marker), after it.</summary>
    private static (string Before, string Section, string After) Cut(string page)
    {
        var start = page.IndexOf("\n" + Heading, StringComparison.Ordinal);
        if (start < 0)
        {
            return (page, "", "");
        }

        start++;
        var end = page.IndexOf(EndMarker, start, StringComparison.Ordinal);
        if (end >= 0)
        {
            end += EndMarker.Length;
            while (end < page.Length && page[end] == '\n')
            {
                end++;
            }
        }
        else
        {
            // A section written before the end marker existed: it runs to the next heading or the page's machine line.
            var next = page.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
            var machine = page.IndexOf("\nMachine:", start, StringComparison.Ordinal);
            end = new[] { next, machine }.Where(i => i >= 0).DefaultIfEmpty(page.Length - 1).Min() + 1;
        }

        return (page[..start], page[start..end], page[end..]);
    }

    private static int EntityTypes(List<TaggedSentence> sentences) =>
        sentences.SelectMany(s => s.Tags).Where(t => t.Length > 2 && t[1] == '-').Select(t => t[2..]).Distinct(StringComparer.Ordinal).Count();

    private static string PagePath(string root) => Path.Combine(root, "docs", "benchmarks", "spans.md");

    private static List<TaggedSentence> Read(string path)
    {
        using var reader = new StreamReader(path);
        return [.. ConllFormat.Read(reader).Sentences.Select(s => s.Sentence).Where(s => s.Tokens.Count > 0)];
    }

    /// <summary>Stored curves and the settings they were run with (only curves of the same settings are shown together).</summary>
    private sealed record CurveStore(
        [property: JsonPropertyName("seed_labels")] int SeedLabels,
        [property: JsonPropertyName("batch")] int Batch,
        [property: JsonPropertyName("budget")] int Budget,
        [property: JsonPropertyName("repeats")] int Repeats,
        [property: JsonPropertyName("ensemble_size")] int EnsembleSize,
        [property: JsonPropertyName("ensemble_iterations")] int EnsembleIterations,
        [property: JsonPropertyName("report")] SimulationReport Report)
    {
        /// <summary>Repeats behind each strategy's curve, where they differ from <see cref="Repeats"/> (curves merged from shorter runs).</summary>
        [JsonPropertyName("repeats_by_strategy")]
        public IReadOnlyDictionary<string, int>? RepeatsByStrategy { get; init; }

        public int RepeatsOf(string strategy) => RepeatsByStrategy?.GetValueOrDefault(strategy) is { } n and > 0 ? n : Repeats;

        /// <summary>Same simulation settings; the number of repeats may differ per strategy.</summary>
        public bool SameSettings(CurveStore other) =>
            (SeedLabels, Batch, Budget, EnsembleSize, EnsembleIterations) == (other.SeedLabels, other.Batch, other.Budget, other.EnsembleSize, other.EnsembleIterations);
    }
}
