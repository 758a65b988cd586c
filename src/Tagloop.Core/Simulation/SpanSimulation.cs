using System.Diagnostics;
using Tagloop.Learning.Evaluation;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Simulation;

/// <summary>How a simulated span-tagging session runs: sentences are the unit of the seed, the batches and the budget.</summary>
public sealed record SpanSimulationSettings(IReadOnlyList<string> Strategies, int SeedLabels = 10, int Batch = 10, int Budget = 500, int Repeats = 3)
{
    /// <summary>The tagger's settings (the entity types are taken from the training sentences).</summary>
    public CrfOptions Crf { get; init; } = new();

    /// <summary>Bootstrap taggers behind <c>bald</c>.</summary>
    public int EnsembleSize { get; init; } = 4;

    /// <summary>
    /// L-BFGS iterations of each bootstrap tagger behind <c>bald</c>, warm-started from the current tagger: a few steps
    /// towards its resample's optimum, enough for the members to disagree where the answers leave the weights loose, at
    /// a fraction of a full refit each batch.
    /// </summary>
    public int EnsembleIterations { get; init; } = 10;

    /// <summary>
    /// The full-data figures when already known (from an earlier run on the same sentences and tagger settings): the fit
    /// on every training sentence is then skipped.
    /// </summary>
    public Score? FullData { get; init; }
}

/// <summary>
/// Replays span tagging on already-tagged sentences: a CRF tagger (<see cref="CrfTrainer"/>) refitted after each batch
/// from the previous weights, as a project refits it, and a strategy from <see cref="SentenceAcquisition"/> choosing the
/// next sentences. Each curve point holds entity-level F1 (CoNLL exact match, micro over types), token accuracy,
/// macro-F1 over entity types and the calibration of the tokens' tag marginals, measured on the test sentences.
/// Every strategy starts each repeat from the same random seed sentences.
/// </summary>
public static class SpanSimulation
{
    /// <summary>What <see cref="SimulationReport.Encoder"/> says for span runs: the tagger's own token features.</summary>
    public const string FeaturesName = "crf-token-features";

    private const int EceBins = 15;

    public static SimulationReport Run(
        IReadOnlyList<TaggedSentence> train, IReadOnlyList<TaggedSentence> test, SpanSimulationSettings settings, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        if (train.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException("Both the training and the test set need sentences.");
        }

        if (settings.SeedLabels < 1 || settings.Batch < 1 || settings.Budget < settings.SeedLabels || settings.Repeats < 1 || settings.EnsembleSize < 2 || settings.EnsembleIterations < 1)
        {
            throw new ArgumentException("Need seed labels ≥ 1, batch ≥ 1, budget ≥ seed labels, repeats ≥ 1 and an ensemble of at least 2 taggers of at least 1 iteration.", nameof(settings));
        }

        var types = TypesOf(train);
        var unknown = TypesOf(test).FirstOrDefault(t => !types.Contains(t, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw new ArgumentException($"The test set has entity type '{unknown}', which the training set never uses.", nameof(test));
        }

        var crf = settings.Crf with { EntityTypes = types };
        var fullScore = settings.FullData ?? Measure(CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s))], crf, cancellationToken: cancellationToken), test);
        progress?.Report($"full data ({train.Count:N0} sentences): entity F1 {fullScore.EntityF1:0.000}, token accuracy {fullScore.Accuracy:0.000}");

        var strategies = new Dictionary<string, StrategyReport>(StringComparer.Ordinal);
        foreach (var asked in settings.Strategies)
        {
            var name = SentenceAcquisition.Find(asked) ?? throw new ArgumentException($"Unknown strategy '{asked}'; use {string.Join(", ", SentenceAcquisition.Names)}.", nameof(settings));
            var runs = new List<List<(int Labels, Score Score)>>();
            var tokens = new List<List<int>>();
            var updates = new List<double>();
            var clock = Stopwatch.StartNew();
            for (var repeat = 0; repeat < settings.Repeats; repeat++)
            {
                var run = RunOnce(name, train, test, crf, settings, 1000 + repeat, updates, progress, cancellationToken);
                runs.Add([.. run.Select(p => (p.Labels, p.Score))]);
                tokens.Add([.. run.Select(p => p.Tokens)]);
                progress?.Report($"{name}: repeat {repeat + 1} of {settings.Repeats} done ({clock.Elapsed.TotalSeconds:0} s)");
            }

            var curve = SimulationCurves.Mean(runs, tokens);

            // For spans the 95 % mark is of the full-data entity F1, the figure span tagging is judged by.
            var target = 0.95 * (fullScore.EntityF1 ?? 0);
            var reached = curve.FirstOrDefault(p => p.EntityF1 >= target);
            updates.Sort();
            strategies[name] = new StrategyReport(curve, reached?.Labels, SimulationCurves.Percentile(updates, 0.5), SimulationCurves.Percentile(updates, 0.95))
            {
                Seconds = clock.Elapsed.TotalSeconds,
            };
        }

        return new SimulationReport(train.Count, test.Count, types.Count, FeaturesName, fullScore, strategies);
    }

    private static List<(int Labels, int Tokens, Score Score)> RunOnce(
        string strategy, IReadOnlyList<TaggedSentence> train, IReadOnlyList<TaggedSentence> test, CrfOptions crf, SpanSimulationSettings settings,
        int seed, List<double> updates, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        random.Shuffle(order);
        var tieBreak = new double[train.Count];
        for (var i = 0; i < order.Length; i++)
        {
            tieBreak[order[i]] = 1.0 - ((double)i / order.Length); // random picks follow the shuffled order
        }

        var budget = Math.Min(settings.Budget, train.Count);
        var labelled = new List<int>(order.Take(Math.Min(settings.SeedLabels, budget)));
        var isLabelled = new bool[train.Count];
        labelled.ForEach(i => isLabelled[i] = true);
        var points = new List<(int, int, Score)>();
        LinearChainCrf? model = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            model = CrfTrainer.Train([.. labelled.Select(i => CrfExample.Full(train[i]))], crf, model, cancellationToken);
            updates.Add(clock.Elapsed.TotalMilliseconds);
            var tokens = labelled.Sum(i => train[i].Tokens.Count);
            var score = Measure(model, test);
            points.Add((labelled.Count, tokens, score));
            progress?.Report($"{strategy} (seed {seed}): {labelled.Count} sentences, {tokens} tokens, entity F1 {score.EntityF1:0.0000}");
            var left = Math.Min(settings.Batch, budget - labelled.Count);
            if (left <= 0)
            {
                return points;
            }

            int[] pool = [.. Enumerable.Range(0, train.Count).Where(i => !isLabelled[i])];
            var scores = Scores(strategy, model, pool, train, labelled, crf, settings, random, tieBreak, cancellationToken);
            int[] ranked = SentenceAcquisition.SpreadsBatches(strategy)
                ? [.. SentenceAcquisition.SelectBatch(scores, [.. pool.Select(i => train[i].Tokens)], left).Select(p => pool[p])]
                : [.. Enumerable.Range(0, pool.Length).OrderByDescending(p => scores[p]).ThenBy(p => pool[p]).Take(left).Select(p => pool[p])];
            foreach (var i in ranked)
            {
                isLabelled[i] = true;
                labelled.Add(i);
            }
        }
    }

    private static double[] Scores(
        string strategy, LinearChainCrf model, int[] pool, IReadOnlyList<TaggedSentence> train, List<int> labelled, CrfOptions crf,
        SpanSimulationSettings settings, Random random, double[] tieBreak, CancellationToken cancellationToken)
    {
        var scores = new double[pool.Length];
        if (strategy == SentenceAcquisition.Random)
        {
            for (var p = 0; p < pool.Length; p++)
            {
                scores[p] = tieBreak[pool[p]];
            }

            return scores;
        }

        // BALD: taggers trained on bootstrap resamples of the answers, each warm-started from the current one for a few iterations.
        LinearChainCrf[] members = [];
        if (SentenceAcquisition.NeedsEnsemble(strategy))
        {
            var memberOptions = crf with { MaxIterations = settings.EnsembleIterations };
            var samples = Enumerable.Range(0, settings.EnsembleSize)
                .Select(_ => Enumerable.Range(0, labelled.Count).Select(_ => labelled[random.Next(labelled.Count)]).ToArray()).ToArray();
            members = new LinearChainCrf[samples.Length];
            for (var e = 0; e < samples.Length; e++)
            {
                members[e] = CrfTrainer.Train([.. samples[e].Select(i => CrfExample.Full(train[i]))], memberOptions, model, cancellationToken);
            }
        }

        Parallel.For(0, pool.Length, new ParallelOptions { CancellationToken = cancellationToken }, p =>
        {
            var tokens = train[pool[p]].Tokens;
            var prediction = model.Decode(tokens);
            CrfPrediction[]? ensemble = members.Length == 0 ? null : [.. members.Select(m => m.Decode(tokens))];
            scores[p] = SentenceAcquisition.Score(strategy, prediction, ensemble, tieBreak[pool[p]]);
        });
        return scores;
    }

    /// <summary>Entity F1, token accuracy, macro-F1 over types and the tokens' calibration on <paramref name="test"/>.</summary>
    private static Score Measure(LinearChainCrf model, IReadOnlyList<TaggedSentence> test)
    {
        var predictions = new CrfPrediction[test.Count];
        Parallel.For(0, test.Count, i => predictions[i] = model.Decode(test[i].Tokens));
        var metrics = new EntityMetrics();
        var labels = model.Labels;
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var tokens = test.Sum(s => s.Tokens.Count);
        var probabilities = new float[tokens * labels.Count];
        var truth = new int[tokens];
        var at = 0;
        var confidence = 0.0;
        for (var i = 0; i < test.Count; i++)
        {
            metrics.Add(test[i].Tags, predictions[i].Tags);
            for (var t = 0; t < test[i].Tokens.Count; t++, at++)
            {
                var top = 0.0;
                for (var l = 0; l < labels.Count; l++)
                {
                    var q = predictions[i].Marginal(t, l);
                    probabilities[(at * labels.Count) + l] = (float)q;
                    top = Math.Max(top, q);
                }

                confidence += top;
                truth[at] = labelIndex[test[i].Tags[t]];
            }
        }

        var report = metrics.Report();
        var ece = tokens == 0 ? 0 : ClassificationMetrics.ExpectedCalibrationError(probabilities, labels.Count, truth, EceBins);
        return new Score(report.TokenAccuracy, report.MacroF1, ece, tokens == 0 ? null : confidence / tokens) { EntityF1 = report.Overall.F1 };
    }

    private static List<string> TypesOf(IEnumerable<TaggedSentence> sentences) =>
        [.. sentences.SelectMany(s => s.Tags).Where(t => t.Length > 2 && t[1] == '-').Select(t => t[2..]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
