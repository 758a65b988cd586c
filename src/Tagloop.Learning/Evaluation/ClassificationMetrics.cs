namespace Tagloop.Learning.Evaluation;

/// <summary>Accuracy, macro-averaged F1, the confusion matrix, per-class figures and calibration error of predictions against the truth.</summary>
public static class ClassificationMetrics
{
    public static double Accuracy(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var correct = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            correct += truth[i] == predicted[i] ? 1 : 0;
        }

        return truth.Count == 0 ? 0 : (double)correct / truth.Count;
    }

    /// <summary>Mean over the classes present in the truth or the predictions of each class's F1.</summary>
    public static double MacroF1(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var tp = new int[classes];
        var fp = new int[classes];
        var fn = new int[classes];
        for (var i = 0; i < truth.Count; i++)
        {
            if (truth[i] == predicted[i])
            {
                tp[truth[i]]++;
            }
            else
            {
                fp[predicted[i]]++;
                fn[truth[i]]++;
            }
        }

        var sum = 0.0;
        var counted = 0;
        for (var c = 0; c < classes; c++)
        {
            if (tp[c] + fp[c] + fn[c] == 0)
            {
                continue;
            }

            sum += 2.0 * tp[c] / ((2.0 * tp[c]) + fp[c] + fn[c]);
            counted++;
        }

        return counted == 0 ? 0 : sum / counted;
    }

    /// <summary>The most probable class of each row of a rows × classes probability matrix.</summary>
    public static int[] ArgMax(ReadOnlySpan<float> probabilities, int classes)
    {
        var rows = probabilities.Length / classes;
        var result = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (probabilities[(i * classes) + c] > probabilities[(i * classes) + best])
                {
                    best = c;
                }
            }

            result[i] = best;
        }

        return result;
    }

    /// <summary>
    /// Expected calibration error (Naeini et al. 2015; Guo et al. 2017): rows binned by their top probability into
    /// equal-width bins; the size-weighted mean gap between each bin's accuracy and its mean confidence.
    /// </summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<float> probabilities, int classes, IReadOnlyList<int> truth, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var count = new int[bins];
        var confidence = new double[bins];
        var correct = new double[bins];
        var predicted = ArgMax(probabilities, classes);
        for (var i = 0; i < truth.Count; i++)
        {
            var p = probabilities[(i * classes) + predicted[i]];
            var bin = Math.Min(bins - 1, (int)(p * bins));
            count[bin]++;
            confidence[bin] += p;
            correct[bin] += predicted[i] == truth[i] ? 1 : 0;
        }

        var ece = 0.0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += Math.Abs((correct[b] / count[b]) - (confidence[b] / count[b])) * count[b] / truth.Count;
            }
        }

        return ece;
    }

    /// <summary>Counts of (true class, predicted class) pairs: row = true class, column = predicted class.</summary>
    public static int[][] ConfusionMatrix(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var matrix = new int[classes][];
        for (var c = 0; c < classes; c++)
        {
            matrix[c] = new int[classes];
        }

        for (var i = 0; i < truth.Count; i++)
        {
            matrix[truth[i]][predicted[i]]++;
        }

        return matrix;
    }

    /// <summary>
    /// Precision, recall, F1 and support of each class from a confusion matrix (rows = truth). A ratio with nothing
    /// to divide by (a class never predicted, or absent from the truth) is 0.
    /// </summary>
    public static ClassScores[] PerClass(int[][] confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        var k = confusion.Length;
        var scores = new ClassScores[k];
        for (var c = 0; c < k; c++)
        {
            var tp = confusion[c][c];
            var support = 0;
            var predicted = 0;
            for (var j = 0; j < k; j++)
            {
                support += confusion[c][j];
                predicted += confusion[j][c];
            }

            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            var recall = support == 0 ? 0 : (double)tp / support;
            var f1 = support + predicted == 0 ? 0 : 2.0 * tp / (support + predicted);
            scores[c] = new ClassScores(precision, recall, f1, support);
        }

        return scores;
    }
}
