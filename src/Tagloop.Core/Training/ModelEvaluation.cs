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
    public static ModelEvaluation? CrossValidate(SparseMatrix x, IReadOnlyList<int> targets, int classes, BayesianSoftmaxOptions options)
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
