using System.Diagnostics;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Core.Simulation;

/// <summary>
/// Replays labelling on data whose labels are known: start from a few random labels, then repeatedly refit the
/// model, rescore the unlabelled pool, and "label" the batch the strategy ranks highest, measuring the model on
/// a test set after every batch. Each repeat uses its own seed; the same seeds give the same curves.
/// </summary>
public static class ActiveLearningSimulation
{
    public static SimulationReport Run(IReadOnlyList<LabelledText> train, IReadOnlyList<LabelledText> test, SimulationSettings settings, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        var classes = train.Select(t => t.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var unknown = test.FirstOrDefault(t => !classIndex.ContainsKey(t.Label));
        if (unknown is not null)
        {
            throw new ArgumentException($"The test set has label '{unknown.Label}', which the training set never uses.", nameof(test));
        }

        var (pool, testX) = SimulationFeatures.Build([.. train.Select(t => t.Text)], [.. test.Select(t => t.Text)], settings);
        var poolY = train.Select(t => classIndex[t.Label]).ToArray();
        var testY = test.Select(t => classIndex[t.Label]).ToArray();
        var options = new BayesianSoftmaxOptions();
        var geometry = new float[pool.Rows * RandomProjection.DefaultDimension];
        RandomProjection.Project(pool, RandomProjection.DefaultDimension, geometry);

        var full = BayesianSoftmaxRegression.Fit(pool, poolY, classes.Count, options);
        var fullScore = Evaluate(full, testX, testY, classes.Count);
        progress?.Report($"full data ({train.Count} labels): accuracy {fullScore.Accuracy:0.000}");

        var strategies = new Dictionary<string, StrategyReport>(StringComparer.Ordinal);
        foreach (var name in settings.Strategies)
        {
            var strategy = AcquisitionCatalog.Find(name) ?? throw new ArgumentException($"Unknown strategy '{name}'; known: {string.Join(", ", AcquisitionCatalog.Names)}.", nameof(settings));
            var runs = new List<List<(int Labels, Score Score)>>();
            var updates = new List<double>();
            for (var repeat = 0; repeat < settings.Repeats; repeat++)
            {
                runs.Add(RunOnce(strategy, pool, geometry, poolY, testX, testY, classes.Count, options, settings, seed: 1000 + repeat, updates));
                progress?.Report($"{name}: repeat {repeat + 1} of {settings.Repeats} done");
            }

            var curve = runs[0].Select((point, k) =>
            {
                var accuracies = runs.Select(r => r[k].Score.Accuracy).ToList();
                var mean = accuracies.Average();
                var sd = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / Math.Max(1, accuracies.Count - 1));
                return new CurvePoint(point.Labels, mean, runs.Average(r => r[k].Score.MacroF1), accuracies.Count > 1 ? sd : 0);
            }).ToList();
            var target = 0.95 * fullScore.Accuracy;
            var reached = curve.FirstOrDefault(p => p.Accuracy >= target);
            updates.Sort();
            strategies[strategy.Name] = new StrategyReport(curve, reached?.Labels, Percentile(updates, 0.5), Percentile(updates, 0.95));
        }

        return new SimulationReport(train.Count, test.Count, classes.Count, settings.Encoder, fullScore, strategies);
    }

    private static List<(int Labels, Score Score)> RunOnce(
        IAcquisitionStrategy strategy, SparseMatrix pool, float[] geometry, int[] poolY, SparseMatrix testX, int[] testY, int classes,
        BayesianSoftmaxOptions options, SimulationSettings settings, int seed, List<double> updates)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, pool.Rows).OrderBy(_ => random.Next()).ToList();
        var labelled = order.Take(Math.Min(settings.SeedLabels, pool.Rows)).ToList();
        var isLabelled = new bool[pool.Rows];
        labelled.ForEach(i => isLabelled[i] = true);
        var curve = new List<(int, Score)>();
        BayesianSoftmaxRegression? model = null;
        var calibration = Calibration.None;
        var calibratedAt = 0;
        var round = 0;
        while (true)
        {
            // As in the server: the refit borrows the last calibration; cross-validation recalibrates afterwards,
            // off the clock that measures the update.
            var clock = Stopwatch.StartNew();
            var labelledX = pool.SelectRows(labelled);
            int[] labelledY = [.. labelled.Select(i => poolY[i])];
            model = BayesianSoftmaxRegression.Fit(labelledX, labelledY, classes, options, model).WithCalibration(calibration);
            var fitted = clock.Elapsed.TotalMilliseconds;
            curve.Add((labelled.Count, Evaluate(model, testX, testY, classes)));
            if (labelled.Count >= settings.Budget || labelled.Count >= pool.Rows)
            {
                break;
            }

            clock.Restart();
            var candidates = Enumerable.Range(0, pool.Rows).Where(i => !isLabelled[i]).ToArray();
            var take = Math.Min(settings.Batch, settings.Budget - labelled.Count);
            var counts = new int[classes];
            labelled.ForEach(i => counts[poolY[i]]++);
            var input = PoolScorer.Moments(model, pool, candidates) with
            {
                Geometry = new PoolGeometry(RandomProjection.DefaultDimension, geometry, candidates, [.. labelled]),
                LabelCounts = counts,
            };
            var ranked = QueueRanker.Rank(strategy, input, new RankingOptions(take, ColdStart: settings.ColdStart), (seed * 7919) + round);
            var chosen = ranked.Take(take).Select(k => candidates[k]).ToList();
            updates.Add(fitted + clock.Elapsed.TotalMilliseconds);
            // Recalibrated whenever the labels have grown by a fifth since the last time: often early, when it matters.
            if (settings.Calibrate && labelled.Count >= 10 && labelled.Count >= calibratedAt * 1.2)
            {
                calibration = CrossValidation.Run(labelledX, labelledY, classes, options)?.FitCalibration() ?? calibration;
                calibratedAt = labelled.Count;
            }

            foreach (var i in chosen)
            {
                isLabelled[i] = true;
                labelled.Add(i);
            }

            round++;
        }

        return curve;
    }

    private static Score Evaluate(BayesianSoftmaxRegression model, SparseMatrix x, int[] truth, int classes)
    {
        var predicted = model.Predict(x);
        return new Score(ClassificationMetrics.Accuracy(truth, predicted), ClassificationMetrics.MacroF1(truth, predicted, classes));
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
