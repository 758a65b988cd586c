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
        if (targets.Count < MinimumLabels)
        {
            return null;
        }

        var folds = Math.Min(MaxFolds, targets.Count);
        var foldOf = AssignFolds(targets, classes, folds);
        var predicted = new int[targets.Count];
        var foldAccuracy = new double[folds];
        for (var fold = 0; fold < folds; fold++)
        {
            var train = new List<int>();
            var test = new List<int>();
            for (var i = 0; i < targets.Count; i++)
            {
                (foldOf[i] == fold ? test : train).Add(i);
            }

            var model = BayesianSoftmaxRegression.Fit(x.SelectRows(train), [.. train.Select(i => targets[i])], classes, options);
            var guesses = model.Predict(x.SelectRows(test));
            var correct = 0;
            for (var t = 0; t < test.Count; t++)
            {
                predicted[test[t]] = guesses[t];
                correct += guesses[t] == targets[test[t]] ? 1 : 0;
            }

            foldAccuracy[fold] = (double)correct / test.Count;
        }

        var confusion = ClassificationMetrics.ConfusionMatrix(targets, predicted, classes);
        return new ModelEvaluation(
            ClassificationMetrics.Accuracy(targets, predicted),
            ClassificationMetrics.MacroF1(targets, predicted, classes),
            SampleStandardDeviation(foldAccuracy),
            folds,
            ClassificationMetrics.PerClass(confusion),
            [.. confusion.Select(row => (IReadOnlyList<int>)row)]);
    }

    /// <summary>
    /// Deals each class's rows in turn round the folds (class by class, rows in their given order), so every fold
    /// gets a near-equal share of every label.
    /// </summary>
    internal static int[] AssignFolds(IReadOnlyList<int> targets, int classes, int folds)
    {
        var foldOf = new int[targets.Count];
        var next = 0;
        for (var c = 0; c < classes; c++)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                if (targets[i] == c)
                {
                    foldOf[i] = next++ % folds;
                }
            }
        }

        return foldOf;
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
