using System.Numerics.Tensors;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;
using Tagloop.Learning.Loop;

namespace Tagloop.Core.Simulation;

/// <summary>
/// Replays labelling on data whose labels are known, with the server's own loop (<see cref="LabellingLoop"/>): start
/// from a few random labels, then repeatedly refit, re-rank the unlabelled pool, cross-validate and recalibrate when
/// <see cref="EvaluationSchedule"/> says so, measure the model on a test set, and "label" the first batch of the
/// ranking — as annotators take the head of the server's queue. Each repeat uses its own seed; the same seeds give
/// the same curves.
/// </summary>
public static class ActiveLearningSimulation
{
    private const int EceBins = 15;

    public static SimulationReport Run(IReadOnlyList<LabelledText> train, IReadOnlyList<LabelledText> test, SimulationSettings settings, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        var multiLabel = train.Any(t => t.Labels is not null) || test.Any(t => t.Labels is not null);
        var classes = train.SelectMany(LabelsOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var unknown = test.SelectMany(LabelsOf).FirstOrDefault(l => !classIndex.ContainsKey(l));
        if (unknown is not null)
        {
            throw new ArgumentException($"The test set has label '{unknown}', which the training set never uses.", nameof(test));
        }

        var (pool, testX) = SimulationFeatures.Build([.. train.Select(t => t.Text)], [.. test.Select(t => t.Text)], settings);
        var truth = new Truth([.. train.Select(t => SetOf(t, classIndex))], [.. test.Select(t => SetOf(t, classIndex))], classes.Count, multiLabel);
        var options = new BayesianSoftmaxOptions();
        var geometry = RandomProjection.ProjectQuantised(pool, RandomProjection.DefaultDimension);

        var everything = truth.Labels([.. Enumerable.Range(0, pool.Rows)]);
        ILabelModel fitted = multiLabel
            ? BayesianMultiLabelRegression.Fit(pool, everything.Sets, classes.Count, options)
            : BayesianSoftmaxRegression.Fit(pool, [.. everything.Sets.Select(s => s[0])], classes.Count, options);

        // Calibrated on cross-validation folds as the server's evaluation does, so "full" is the model a project gets.
        var full = LabellingLoop.Evaluate(fitted, pool, everything, options)?.Calibrated ?? fitted;
        var fullScore = Measure(full, testX, truth);
        progress?.Report($"full data ({train.Count} labels): accuracy {fullScore.Accuracy:0.000}, ECE {fullScore.Ece:0.000}");

        var strategies = new Dictionary<string, StrategyReport>(StringComparer.Ordinal);
        foreach (var name in settings.Strategies)
        {
            var strategy = AcquisitionCatalog.Find(name) ?? throw new ArgumentException($"Unknown strategy '{name}'; known: {string.Join(", ", AcquisitionCatalog.Names)}.", nameof(settings));
            var runs = new List<List<(int Labels, Score Score)>>();
            var updates = new List<double>();
            for (var repeat = 0; repeat < settings.Repeats; repeat++)
            {
                runs.Add(RunOnce(strategy, pool, geometry, testX, truth, options, settings, seed: 1000 + repeat, updates));
                progress?.Report($"{name}: repeat {repeat + 1} of {settings.Repeats} done");
            }

            var curve = SimulationCurves.Mean(runs);
            var target = 0.95 * fullScore.Accuracy;
            var reached = curve.FirstOrDefault(p => p.Accuracy >= target);
            updates.Sort();
            strategies[strategy.Name] = new StrategyReport(curve, reached?.Labels, SimulationCurves.Percentile(updates, 0.5), SimulationCurves.Percentile(updates, 0.95));
        }

        return new SimulationReport(train.Count, test.Count, classes.Count, settings.Encoder, fullScore, strategies);
    }

    private static List<(int Labels, Score Score)> RunOnce(
        IAcquisitionStrategy strategy, FeatureRows pool, QuantisedRows geometry, FeatureRows testX, Truth truth,
        BayesianSoftmaxOptions options, SimulationSettings settings, int seed, List<double> updates)
    {
        var random = new Random(seed);
        var shuffled = Enumerable.Range(0, pool.Rows).OrderBy(_ => random.Next()).ToList();
        var labelled = shuffled.Take(Math.Min(settings.SeedLabels, pool.Rows)).ToList();
        var isLabelled = new bool[pool.Rows];
        labelled.ForEach(i => isLabelled[i] = true);
        var curve = new List<(int, Score)>();
        ILabelModel? previous = null;
        int? evaluatedAt = null;
        var span = new SpanProjection(pool, options.PosteriorRank);
        var weak = settings.Weak;
        var round = 0;
        while (true)
        {
            var labels = truth.Labels([.. labelled]);
            IReadOnlyList<int> next;
            if (LabellingLoop.IsTrainable(labels, weak))
            {
                var refit = LabellingLoop.Refit(pool, geometry, labels, strategy, previous, (seed * 7919) + round, options, settings.ColdStart, span, weak);
                updates.Add(refit.Milliseconds);
                var model = refit.Model;
                if (settings.Calibrate && EvaluationSchedule.IsDue(labels.Rows.Length, evaluatedAt)
                    && LabellingLoop.Evaluate(model, refit.TrainingFeatures, labels, options, weak: refit.Weak) is { } evaluation)
                {
                    model = evaluation.Calibrated;
                    evaluatedAt = labels.Rows.Length;
                }

                previous = model;
                curve.Add((labelled.Count, Measure(model, testX, truth)));
                next = [.. refit.Order.Select(i => refit.Pool[i])];
            }
            else
            {
                // As in the server before a model exists: the corpus in a fixed shuffled order.
                next = [.. shuffled.Where(i => !isLabelled[i])];
            }

            if (labelled.Count >= settings.Budget || labelled.Count >= pool.Rows)
            {
                break;
            }

            foreach (var i in next.Take(Math.Min(settings.Batch, settings.Budget - labelled.Count)))
            {
                isLabelled[i] = true;
                labelled.Add(i);
            }

            round++;
        }

        return curve;
    }

    private static Score Measure(ILabelModel model, FeatureRows x, Truth truth)
    {
        var k = truth.Classes;
        var probabilities = new float[x.Rows * k];
        model.PredictProbabilities(x, probabilities);
        if (!truth.MultiLabel)
        {
            int[] actual = [.. truth.Test.Select(set => set[0])];
            var predicted = ClassificationMetrics.ArgMax(probabilities, k);
            return new Score(
                ClassificationMetrics.Accuracy(actual, predicted),
                ClassificationMetrics.MacroF1(actual, predicted, k),
                ClassificationMetrics.ExpectedCalibrationError(probabilities, k, actual, EceBins),
                Enumerable.Range(0, x.Rows).Average(i => (double)TensorPrimitives.Max(probabilities.AsSpan(i * k, k))));
        }

        // Multi-label: exact-match accuracy, the mean over labels of each label's F1 for "applies", and the calibration
        // error of every (row, label) yes/no probability.
        var exact = 0;
        var f1 = 0.0;
        var yesNo = new float[x.Rows * k * 2];
        var yesNoTruth = new int[x.Rows * k];
        for (var i = 0; i < x.Rows; i++)
        {
            var right = true;
            for (var c = 0; c < k; c++)
            {
                var p = probabilities[(i * k) + c];
                var applies = truth.Test[i].Contains(c);
                right &= (p >= 0.5f) == applies;
                yesNo[(((i * k) + c) * 2) + 0] = 1 - p;
                yesNo[(((i * k) + c) * 2) + 1] = p;
                yesNoTruth[(i * k) + c] = applies ? 1 : 0;
            }

            exact += right ? 1 : 0;
        }

        for (var c = 0; c < k; c++)
        {
            int[] actual = [.. truth.Test.Select(set => set.Contains(c) ? 1 : 0)];
            int[] predicted = [.. Enumerable.Range(0, x.Rows).Select(i => probabilities[(i * k) + c] >= 0.5f ? 1 : 0)];
            f1 += ClassificationMetrics.PerClass(ClassificationMetrics.ConfusionMatrix(actual, predicted, 2))[1].F1;
        }

        var confidence = probabilities.Length == 0 ? 0 : probabilities.Average(p => (double)Math.Max(p, 1 - p));
        return new Score((double)exact / Math.Max(1, x.Rows), f1 / k, ClassificationMetrics.ExpectedCalibrationError(yesNo, 2, yesNoTruth, EceBins), confidence);
    }

    private static IEnumerable<string> LabelsOf(LabelledText row) => row.Labels ?? [row.Label];

    private static int[] SetOf(LabelledText row, Dictionary<string, int> classIndex) => [.. LabelsOf(row).Select(l => classIndex[l]).Distinct().Order()];

    /// <summary>The true classes of the pool's and the test set's rows.</summary>
    private sealed record Truth(int[][] Pool, int[][] Test, int Classes, bool MultiLabel)
    {
        public LabelledRows Labels(int[] rows) => new(rows, [.. rows.Select(r => Pool[r])], Classes, MultiLabel);
    }
}
