using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tagloop.Core.Simulation;
using Tagloop.Core.WeakSupervision;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Loop;
using Tagloop.Pretrained;

namespace Tagloop.Bench;

/// <summary>
/// Weak labels first, then active learning, against active learning alone: the server's loop (<see
/// cref="ActiveLearningSimulation"/>) on each weak-supervision data set, once on answers alone and once with the label
/// model's distribution over the training documents (no gold read) as weak rows beside them. Its section of
/// docs/benchmarks/weak-supervision.md is replaced in place.
/// </summary>
internal static class WeakLoopBench
{
    internal const string Heading = "## Weak labels first, then active learning";
    private static readonly int[] Points = [10, 50, 100, 200];

    /// <param name="mode">How a weak document's weight is set: <c>decay</c> (the product's schedule) or <c>fixed</c> (the weight throughout).</param>
    /// <param name="steer">Whether the weak labels steer the queue.</param>
    /// <param name="only">Data sets to run (names containing one of these, case-insensitive); null for all. A partial run prints its table and leaves the page alone.</param>
    public static async Task RunAsync(string datasets, string root, int repeats, string mode = "decay", bool steer = true, IReadOnlyList<string>? only = null, double weight = WeakLabels.DefaultWeight)
    {
        var dataDir = Path.Combine(root, "tagloop-data");
        var cache = MiniLmModel.Extract(MiniLmModel.FolderIn(dataDir));
        using var miniLm = TextEncoderCatalog.OpenDense("minilm", new TextEncoderResources(MiniLmCacheDirectory: cache));
        var section = new StringBuilder()
            .AppendLine(Heading)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Written by `dotnet run -c Release --project bench/Tagloop.Bench -- weak-loop [--repeats {repeats}]`. The server's labelling loop")
            .AppendLine("(`ActiveLearningSimulation`: the project's Bayesian model over MiniLM + TF-IDF, the default strategy, batches of 10 from 10 random")
            .AppendLine("answers, cross-validation and calibration on the server's schedule) replayed on each data set's training documents, their gold")
            .AppendLine("labels standing in for annotators. \"Weak + AL\": every refit also trains on the label model's distribution over the")
            .AppendLine("training documents the rules cover (`auto` label model, fitted without any gold label; up to 500 weak documents train).")
            .AppendLine(CultureInfo.InvariantCulture, $"A weak document weighs {WeakLabels.DefaultWeight} of an answer × h / (h + answers) with h = {WeakLabels.DefaultHalfWeightAt} × the reliability the answers show")
            .AppendLine("for the class its rules name (how far their precision on answered documents, with a prior of 4 answers at 0.8, beats the")
            .AppendLine("class's share of the answers; 0 when it does not), split over its classes by probability. The queue's scores are")
            .AppendLine("multiplied by 1 + that reliability (at most 2) for documents the rules leave unlabelled, label unsurely (below 0.8) or")
            .AppendLine("label against the model (`WeakTargeting`). Test accuracy, mean over")
            .AppendLine(CultureInfo.InvariantCulture, $"{repeats} repeats (seeds 1000…), at each number of human answers; \"–\" where some repeat had no model yet (its first")
            .AppendLine("answers held one class).")
            .AppendLine()
            .AppendLine("| data | classes | training documents | rules cover | arm | " + string.Join(" | ", Points.Select(p => $"{p} answers")) + " |")
            .AppendLine("|---|---|---|---|---|" + string.Concat(Points.Select(_ => "---|")));
        var ahead = new List<string>();
        foreach (var set in WeakSupervisionBench.Sets(datasets, root))
        {
            if (only is not null && !only.Any(o => set.Name.Contains(o, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (set.Train.Any(r => r.Label is null))
            {
                throw new InvalidOperationException($"{set.Name}: the simulation needs every training document's gold label.");
            }

            // The simulation numbers classes in sorted order; the label model in the set's.
            var sorted = set.Train.Select(r => r.Label!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var weak = WeakExperiment.LoopLabels(set.Train, set.Classes, set.Rules, set.RuleNames,
                new WeakSettings("auto", false, "minilm+tfidf", new TextEncoderResources()), miniLm);
            var k = sorted.Count;
            var q = new float[weak.Rows.Length * k];
            for (var i = 0; i < weak.Rows.Length; i++)
            {
                for (var c = 0; c < set.Classes.Count; c++)
                {
                    var to = sorted.IndexOf(set.Classes[c]);
                    if (to >= 0)
                    {
                        q[(i * k) + to] += weak.Probabilities[(i * set.Classes.Count) + c];
                    }
                }
            }

            weak = weak with { Weight = weight };
            weak = mode switch
            {
                "decay" => weak with { Probabilities = q, Classes = k, Steer = steer },
                "fixed" => weak with { Probabilities = q, Classes = k, Steer = steer, HalfWeightAt = null },
                _ => throw new ArgumentException($"Unknown --mode '{mode}': decay or fixed."),
            };
            var train = set.Train.Select(r => new LabelledText(r.Text, r.Label!)).ToList();
            var test = set.Test.Select(r => new LabelledText(r.Text, r.Label!)).ToList();
            var settings = new SimulationSettings([AcquisitionCatalog.Default], SeedLabels: 10, Batch: 10, Budget: Points[^1], Repeats: repeats,
                Encoder: "minilm+tfidf", MiniLmCacheDirectory: cache);
            var alone = ActiveLearningSimulation.Run(train, test, settings, new Progress<string>(m => Console.WriteLine($"{set.Name}, AL alone: {m}")));
            var combined = ActiveLearningSimulation.Run(train, test, settings with { Weak = weak }, new Progress<string>(m => Console.WriteLine($"{set.Name}, weak + AL: {m}")));
            var a = alone.Strategies.Values.Single().Curve;
            var b = combined.Strategies.Values.Single().Curve;
            string Row(string arm, IReadOnlyList<CurvePoint> curve) =>
                string.Create(CultureInfo.InvariantCulture, $"| {set.Name} | {k} | {train.Count:N0} | {(double)weak.Rows.Length / train.Count:P1} | {arm} | ")
                + string.Join(" | ", Points.Select(p => curve.FirstOrDefault(x => x.Labels == p) is { } point ? point.Accuracy.ToString("0.000", CultureInfo.InvariantCulture) : "–")) + " |";
            foreach (var line in new[] { Row("AL alone", a), Row("weak + AL", b) })
            {
                Console.WriteLine(line);
                section.AppendLine(line);
            }

            foreach (var p in Points.Skip(1))
            {
                var x = a.FirstOrDefault(c => c.Labels == p)?.Accuracy;
                var y = b.FirstOrDefault(c => c.Labels == p)?.Accuracy;
                if (x is not null && y is not null && y <= x)
                {
                    ahead.Add(string.Create(CultureInfo.InvariantCulture, $"{set.Name} at {p} answers ({y:0.000} against {x:0.000})"));
                }
            }
        }

        section.AppendLine()
            .AppendLine(ahead.Count == 0
                ? "Weak + AL is ahead of AL alone at 50, 100 and 200 answers on every data set."
                : "Weak + AL is not ahead at: " + string.Join("; ", ahead) + ".")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");

        if (only is not null || mode != "decay" || !steer || weight != WeakLabels.DefaultWeight)
        {
            Console.WriteLine($"A partial or ablation run (mode {mode}, steer {steer}): docs/benchmarks/weak-supervision.md left as it was.");
            return;
        }

        var output = Path.Combine(root, "docs", "benchmarks", "weak-supervision.md");
        var page = File.Exists(output) ? await File.ReadAllTextAsync(output).ConfigureAwait(false) : "# Weak supervision\n";
        var at = page.IndexOf(Heading, StringComparison.Ordinal);
        if (at >= 0)
        {
            var next = page.IndexOf("\n## ", at + Heading.Length, StringComparison.Ordinal);
            page = page[..at] + section + (next >= 0 ? page[(next + 1)..] : "");
        }
        else
        {
            page = page.TrimEnd() + "\n\n" + section;
        }

        await File.WriteAllTextAsync(output, page).ConfigureAwait(false);
        Console.WriteLine($"Wrote {output}");
    }
}
