using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tagloop.Core.Simulation;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Evaluation;
using Tagloop.Pretrained;

namespace Tagloop.Bench;

/// <summary>
/// How well confident learning finds flipped labels: a corpus's training split with 10% and 20% of its labels flipped
/// at random to another class, out-of-fold probabilities from five-fold cross-validation of the project's model with
/// the prior precision chosen by held-out likelihood of the flipped labels (<see cref="PriorSearch"/>), then the
/// precision and recall of confident learning's cut (prune by noise rate) against the flipped set, and the precision
/// where the ranking by self-confidence first reaches a recall of 0.9. Written to docs/benchmarks/mislabels.md.
/// </summary>
internal static class Mislabels
{
    private const double TargetRecall = 0.9;

    private static readonly (string Name, string Folder, string Field)[] Corpora =
    [
        ("TREC", "trec", "label"),
        ("SMS spam", "sms_spam", "label"),
    ];

    public static async Task RunAsync(string datasets, string root, int repeats, IReadOnlyList<string> encoders)
    {
        var cache = MiniLmModel.FolderIn(Path.Combine(root, "tagloop-data"));
        var rows = new List<string>();
        foreach (var encoder in encoders)
        {
            foreach (var (name, folder, field) in Corpora)
            {
                var data = Read(Path.Combine(datasets, folder, "train.jsonl"), field);
                var classes = data.Select(d => d.Label).Distinct().Order(StringComparer.Ordinal).ToList();
                var truth = data.Select(d => classes.IndexOf(d.Label)).ToArray();
                var clock = Stopwatch.StartNew();
                var (features, _) = SimulationFeatures.Build([.. data.Select(d => d.Text)], [], new SimulationSettings([], Encoder: encoder) { MiniLmCacheDirectory = encoder.Contains("minilm", StringComparison.Ordinal) ? MiniLmModel.Extract(cache) : null });
                var encodeSeconds = clock.Elapsed.TotalSeconds;
                foreach (var noise in new[] { 0.1, 0.2 })
                {
                    var results = new List<Result>();
                    for (var seed = 0; seed < repeats; seed++)
                    {
                        var (labels, flipped) = Flip(truth, classes.Count, noise, new Random(1000 + seed));
                        clock.Restart();
                        var search = PriorSearch.Run(features, labels, classes.Count, new BayesianSoftmaxOptions())!;
                        var probabilities = search.Predictions.Probabilities();
                        var cut = ConfidentLearning.Find(probabilities, labels, classes.Count);
                        var ranked = ConfidentLearning.Rank(probabilities, labels, classes.Count);
                        var seconds = clock.Elapsed.TotalSeconds;
                        var hits = cut.Where(s => flipped.Contains(s.Row)).ToList();

                        // The same reading at the prior the project trains with, to show what the search is worth.
                        var weak = CrossValidation.Run(features, labels, classes.Count, new BayesianSoftmaxOptions())!.Probabilities();
                        var weakRanked = ConfidentLearning.Rank(weak, labels, classes.Count);
                        var weakCut = ConfidentLearning.Find(weak, labels, classes.Count);
                        results.Add(new Result(
                            search.PriorPrecision,
                            cut.Count,
                            cut.Count == 0 ? 0 : (double)hits.Count / cut.Count,
                            (double)hits.Count / flipped.Count,
                            hits.Count == 0 ? 0 : (double)hits.Count(s => s.Suggested == truth[s.Row]) / hits.Count,
                            PrecisionAtRecall(ranked, flipped, TargetRecall),
                            weakCut.Count == 0 ? 0 : (double)weakCut.Count(s => flipped.Contains(s.Row)) / weakCut.Count,
                            (double)weakCut.Count(s => flipped.Contains(s.Row)) / flipped.Count,
                            PrecisionAtRecall(weakRanked, flipped, TargetRecall),
                            NoisiestClass(labels, flipped, classes),
                            seconds));
                    }

                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {encoder} | {noise:P0} | {data.Count:N0} | {results[0].NoisiestClass} | {Cell(results.Select(r => r.Prior), "0.###")} | {Cell(results.Select(r => (double)r.Flagged), "0")} | {Cell(results.Select(r => r.Precision))} | {Cell(results.Select(r => r.Recall))} | {Cell(results.Select(r => r.SuggestionRight))} | **{Cell(results.Select(r => r.RankedPrecision))}** | {Cell(results.Select(r => r.WeakPrecision))} / {Cell(results.Select(r => r.WeakRecall))} | {Cell(results.Select(r => r.WeakRankedPrecision))} | {Median(results.Select(r => r.Seconds)):0} s (+ {encodeSeconds:0} s encoding) |"));
                    Console.WriteLine(rows[^1]);
                }
            }
        }

        var page = new StringBuilder()
            .AppendLine("# Finding mislabelled answers")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- mislabels [--repeats 3] [--encoders tfidf,minilm+tfidf]`.")
            .AppendLine()
            .AppendLine("Each corpus's training split has 10% or 20% of its labels flipped uniformly at random to another class (seeded: "
                + "seed s flips with `new Random(1000 + s)`). Out-of-fold probabilities come from five-fold cross-validation of the "
                + "project's model (Bayesian softmax regression) on the named encoder's features, with its prior precision λ "
                + "(sparse and dense weights alike) chosen by the held-out likelihood of the flipped labels themselves, walking "
                + "λ = 10^(s/2) from 1 while the loss falls (`PriorSearch`; no clean label is looked at). Confident learning "
                + "(`ConfidentLearning.Find`: per-class thresholds, the calibrated confident joint, pruning by noise rate) flags "
                + "the answers it estimates are wrong, with a suggested label; `ConfidentLearning.Rank` ranks every answer by "
                + "self-confidence (the probability of its given label, lowest first). The product does the same: each "
                + "evaluation of a single-label project's model runs the search (from the step it chose last time) for the "
                + "out-of-fold probabilities that the review queue, Browse's suspect filter and the annotator figures read, up to "
                + "10,000 answers (above that, evaluations would hold up refits for minutes, and the evaluation's own held-out "
                + "predictions serve).")
            .AppendLine()
            .AppendLine("Columns: *noisiest class*, the given class whose answers are most often flipped ones (seed 0); *λ*, the "
                + "chosen prior precision; at the **default cut** (prune by noise rate): how many answers are *flagged*, "
                + "*precision* (the share of flagged answers that were flipped), *recall* (the share of flipped answers flagged), "
                + "and *suggestion right* (among flagged flipped answers, the share whose suggested label is the original one); "
                + "**precision at recall 0.9**: reading down the self-confidence ranking, the precision where it first holds 90% "
                + "of the flipped answers. The last two columns give the same at the prior the project trains with "
                + "(λ = 0.01, no search), as the benchmark stood before the search. Each figure is the median over the repeats "
                + "with the range in brackets.")
            .AppendLine()
            .AppendLine("The goal (issue 10): precision ≥ 0.7 at recall ≥ 0.9 with 20% noise. Read on the ranking (the issue asks that "
                + "answers be *ranked*), that is the precision-at-recall-0.9 column. The default cut flags about as many answers "
                + "as the confident joint estimates are wrong, so its recall is its precision times that estimate over the true "
                + "count, and stays below 0.9 unless the estimate overshoots.")
            .AppendLine()
            .AppendLine("| corpus | encoder | flipped | answers | noisiest class (share flipped) | λ | flagged | precision | recall | suggestion right | precision at recall 0.9 | at λ = 0.01: precision / recall | at λ = 0.01: precision at recall 0.9 | time (median: search, cross-validation and ranking) |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            page.AppendLine(row);
        }

        page.AppendLine()
            .AppendLine("Flipping uniformly at random hits classes in proportion to their size, so on SMS spam (13% spam) most flips "
                + "turn ham into spam: with 20% flipped, about 17% of all answers are ham marked spam and about 3% spam marked ham, "
                + "so most answers labelled spam are wrong. The noise is still learnable (a spam message is labelled spam with "
                + "probability 0.8, a ham one with 0.2), which is why a well-regularised model finds the flips; the weak prior "
                + "fits the wrong labels and blurs that.")
            .AppendLine()
            .AppendLine("Measured once by hand while choosing this recipe (minilm+tfidf, 20% flipped, seed 0; not rewritten by this "
                + "benchmark): the prior precision is what matters — precision at recall 0.9 on TREC 0.635 / 0.794 / 0.858 / 0.866 / "
                + "0.797 / 0.651 at λ = 0.01 / 0.3 / 1 / 3 / 10 / 30, on SMS spam 0.532 / 0.781 / 0.943 / 0.972 / 0.958 / 0.863, and "
                + "the held-out likelihood picked λ = 1 and 10, within 0.015 of the best. At λ = 1, ten folds instead of five "
                + "(TREC 0.864, SMS 0.933), averaging three shuffled five-fold splits (0.865, 0.952) or temperature scaling on "
                + "the folds (0.863, 0.943) moved it by less than 0.01; ranking by margin rather than self-confidence was "
                + "0.03 lower on TREC (equal on two classes), and ranking by self-confidence over each class's threshold lower still.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, {repeats} repeat(s), measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
        var output = Path.Combine(root, "docs", "benchmarks", "mislabels.md");
        await File.WriteAllTextAsync(output, page.ToString());
        Console.WriteLine($"Wrote {output}");
    }

    private static (int[] Labels, HashSet<int> Flipped) Flip(int[] truth, int classes, double noise, Random random)
    {
        var labels = (int[])truth.Clone();
        var flipped = new HashSet<int>();
        foreach (var i in Enumerable.Range(0, labels.Length).OrderBy(_ => random.Next()).Take((int)Math.Round(noise * labels.Length)))
        {
            labels[i] = (truth[i] + 1 + random.Next(classes - 1)) % classes;
            flipped.Add(i);
        }

        return (labels, flipped);
    }

    /// <summary>The precision where the ranking first holds <paramref name="recall"/> of the flipped rows.</summary>
    private static double PrecisionAtRecall(IReadOnlyList<SuspectedLabel> ranked, HashSet<int> flipped, double recall)
    {
        var needed = (int)Math.Ceiling(recall * flipped.Count);
        var hits = 0;
        for (var k = 0; k < ranked.Count; k++)
        {
            hits += flipped.Contains(ranked[k].Row) ? 1 : 0;
            if (hits >= needed)
            {
                return (double)hits / (k + 1);
            }
        }

        return 0;
    }

    private static string NoisiestClass(int[] labels, HashSet<int> flipped, IReadOnlyList<string> classes)
    {
        var shares = Enumerable.Range(0, classes.Count).Select(c =>
        {
            var given = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToList();
            return (Class: classes[c], Share: given.Count == 0 ? 0 : (double)given.Count(flipped.Contains) / given.Count);
        }).MaxBy(s => s.Share);
        return string.Create(CultureInfo.InvariantCulture, $"{shares.Class} ({shares.Share:P0})");
    }

    private static string Cell(IEnumerable<double> values, string format = "0.000")
    {
        var list = values.ToList();
        var median = Median(list).ToString(format, CultureInfo.InvariantCulture);
        return list.Count < 2 ? median : $"{median} [{list.Min().ToString(format, CultureInfo.InvariantCulture)}–{list.Max().ToString(format, CultureInfo.InvariantCulture)}]";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static List<LabelledText> Read(string path, string field) =>
        [.. File.ReadLines(path).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return new LabelledText(row.RootElement.GetProperty("text").GetString()!, row.RootElement.GetProperty(field).GetString()!);
        })];

    private sealed record Result(double Prior, int Flagged, double Precision, double Recall, double SuggestionRight, double RankedPrecision, double WeakPrecision, double WeakRecall, double WeakRankedPrecision, string NoisiestClass, double Seconds);
}
