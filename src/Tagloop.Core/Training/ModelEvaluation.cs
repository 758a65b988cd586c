using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Core.Training;

/// <summary>
/// How well a project's model does on labels it has not seen: k-fold cross-validation over the labelled documents.
/// Accuracy, macro-F1, the per-label figures and the confusion matrix (rows = true label, columns = predicted) pool
/// every held-out prediction; <see cref="AccuracySd"/> is the sample standard deviation of the per-fold accuracies.
/// Lists are indexed by class, in the project's label order.
/// </summary>
public sealed record ModelEvaluation(
    double Accuracy,
    double MacroF1,
    double AccuracySd,
    int Folds,
    IReadOnlyList<ClassScores> PerLabel,
    IReadOnlyList<IReadOnlyList<int>> Confusion)
{
    /// <summary>Below this many labels cross-validation says too little to be shown.</summary>
    public const int MinimumLabels = 10;

    public const int MaxFolds = 5;

    /// <summary>
    /// Cross-validates <see cref="BayesianSoftmaxRegression"/> on labelled rows; null with fewer than
    /// <see cref="MinimumLabels"/> labels. Deterministic: the same rows and targets give the same folds.
    /// </summary>
    public static ModelEvaluation? CrossValidate(FeatureRows x, IReadOnlyList<int> targets, int classes, BayesianSoftmaxOptions options)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        return targets.Count < MinimumLabels ? null : From(CrossValidation.Run(x, targets, classes, options, Math.Min(MaxFolds, targets.Count))!);
    }

    /// <summary>The figures of out-of-fold predictions (the most probable class of each, uncalibrated).</summary>
    public static ModelEvaluation From(HeldOutPredictions heldOut)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        var predicted = heldOut.Predicted();
        var confusion = ClassificationMetrics.ConfusionMatrix(heldOut.Labels, predicted, heldOut.Classes);
        var folds = heldOut.FoldAccuracies();
        return new ModelEvaluation(
            ClassificationMetrics.Accuracy(heldOut.Labels, predicted),
            ClassificationMetrics.MacroF1(heldOut.Labels, predicted, heldOut.Classes),
            SampleStandardDeviation(folds),
            folds.Length,
            ClassificationMetrics.PerClass(confusion),
            [.. confusion.Select(row => (IReadOnlyList<int>)row)]);
    }

    /// <summary>
    /// The figures of a multi-label model from each label's out-of-fold yes/no predictions: accuracy is the share of
    /// documents whose whole label set is right, macro-F1 the mean of each label's F1 for "applies", and there is no
    /// confusion matrix (labels are not exclusive). A label with no held-out predictions (all yes or all no so far)
    /// counts as never predicted.
    /// </summary>
    public static ModelEvaluation FromLabels(IReadOnlyList<HeldOutPredictions?> perLabel, IReadOnlyList<int[]> sets)
    {
        ArgumentNullException.ThrowIfNull(perLabel);
        ArgumentNullException.ThrowIfNull(sets);
        var k = perLabel.Count;
        var predicted = perLabel.Select(h => h?.Predicted() ?? new int[sets.Count]).ToList();
        var scores = new List<ClassScores>(k);
        for (var c = 0; c < k; c++)
        {
            int[] truth = [.. sets.Select(set => set.Contains(c) ? 1 : 0)];
            scores.Add(ClassificationMetrics.PerClass(ClassificationMetrics.ConfusionMatrix(truth, predicted[c], 2))[1]);
        }

        var folds = perLabel.FirstOrDefault(h => h is not null)?.Folds;
        var exact = new bool[sets.Count];
        for (var i = 0; i < sets.Count; i++)
        {
            exact[i] = Enumerable.Range(0, k).All(c => (predicted[c][i] == 1) == sets[i].Contains(c));
        }

        var foldAccuracy = folds is null
            ? []
            : folds.Distinct().Order().Select(f => Enumerable.Range(0, sets.Count).Where(i => folds[i] == f).Average(i => exact[i] ? 1.0 : 0.0)).ToArray();
        return new ModelEvaluation(exact.Average(e => e ? 1.0 : 0.0), scores.Average(s => s.F1), SampleStandardDeviation(foldAccuracy),
            foldAccuracy.Length, scores, []);
    }

    private static double SampleStandardDeviation(double[] values)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        var mean = values.Average();
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(squares / (values.Length - 1));
    }
}
