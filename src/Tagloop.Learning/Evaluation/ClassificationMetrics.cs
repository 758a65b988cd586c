namespace Tagloop.Learning.Evaluation;

/// <summary>Accuracy and macro-averaged F1 of predicted class indices against the truth.</summary>
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
}
