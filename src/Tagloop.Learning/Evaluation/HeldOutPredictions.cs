using Tagloop.Learning.Classification;

namespace Tagloop.Learning.Evaluation;

/// <summary>Out-of-fold logit moments (rows × classes) for labelled rows, with their labels and folds.</summary>
public sealed record HeldOutPredictions(int Classes, int[] Labels, int[] Folds, float[] LogitMean, float[] LogitVariance)
{
    /// <summary>Predictive probabilities (rows × classes), uncalibrated unless a calibration is given.</summary>
    public float[] Probabilities(Calibration? calibration = null) =>
        (calibration ?? Calibration.None).Probabilities(LogitMean, LogitVariance, Classes);

    /// <summary>The most probable class of each row.</summary>
    public int[] Predicted() => ClassificationMetrics.ArgMax(Probabilities(), Classes);

    /// <summary>Accuracy of each fold on its own rows.</summary>
    public double[] FoldAccuracies()
    {
        var predicted = Predicted();
        var folds = Folds.Length == 0 ? 0 : Folds.Max() + 1;
        var correct = new int[folds];
        var total = new int[folds];
        for (var i = 0; i < Labels.Length; i++)
        {
            total[Folds[i]]++;
            correct[Folds[i]] += predicted[i] == Labels[i] ? 1 : 0;
        }

        return [.. Enumerable.Range(0, folds).Where(f => total[f] > 0).Select(f => (double)correct[f] / total[f])];
    }

    /// <summary>The calibration that best fits these predictions to their labels.</summary>
    public Calibration FitCalibration() => Calibration.Fit(LogitMean, LogitVariance, Labels, Classes);
}
