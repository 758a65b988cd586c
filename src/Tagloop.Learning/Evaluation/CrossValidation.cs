using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Evaluation;

/// <summary>
/// K-fold cross-validation of the Bayesian softmax model: every labelled row is predicted by a model that never saw
/// it. Folds are assigned class by class in turn (stratified), so each fold holds its share of a rare class.
/// </summary>
public static class CrossValidation
{
    /// <summary>Out-of-fold predictions for every row, or null when there are fewer rows than folds.</summary>
    public static HeldOutPredictions? Run(FeatureRows x, IReadOnlyList<int> labels, int classes, BayesianSoftmaxOptions options, int folds = 5) =>
        Run(x, labels, classes, options, folds, null, labels.Count);

    /// <summary>
    /// Out-of-fold predictions for the first <paramref name="evaluated"/> rows (the answers), every fold's model also
    /// trained on all the rows after them (weak labels, never predicted: they are not what the estimate is of), each
    /// row weighted by <paramref name="weights"/> (null: 1 each); null when there are fewer evaluated rows than folds.
    /// </summary>
    public static HeldOutPredictions? Run(FeatureRows x, IReadOnlyList<int> labels, int classes, BayesianSoftmaxOptions options, int folds, IReadOnlyList<double>? weights, int evaluated)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(evaluated, labels.Count);
        if (evaluated < folds || folds < 2)
        {
            return null;
        }

        var answers = labels.Take(evaluated).ToArray();
        var fold = AssignFolds(answers, classes, folds);
        var mean = new float[evaluated * classes];
        var variance = new float[evaluated * classes];
        for (var f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, evaluated).Where(i => fold[i] != f).Concat(Enumerable.Range(evaluated, labels.Count - evaluated)).ToList();
            var test = Enumerable.Range(0, evaluated).Where(i => fold[i] == f).ToList();
            if (test.Count == 0)
            {
                continue;
            }

            var model = BayesianSoftmaxRegression.Fit(x.SelectRows(train), [.. train.Select(i => labels[i])], classes, options,
                weights: weights is null ? null : [.. train.Select(i => weights[i])]);
            var m = new float[test.Count * classes];
            var v = new float[test.Count * classes];
            model.LogitMoments(x.SelectRows(test), m, v);
            for (var t = 0; t < test.Count; t++)
            {
                m.AsSpan(t * classes, classes).CopyTo(mean.AsSpan(test[t] * classes, classes));
                v.AsSpan(t * classes, classes).CopyTo(variance.AsSpan(test[t] * classes, classes));
            }
        }

        return new HeldOutPredictions(classes, answers, fold, mean, variance);
    }

    /// <summary>
    /// Deals each class's rows in turn round the folds (class by class, rows in their given order, one running
    /// count), so every fold gets a near-equal share of every label.
    /// </summary>
    public static int[] AssignFolds(IReadOnlyList<int> labels, int classes, int folds)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var fold = new int[labels.Count];
        var next = 0;
        for (var c = 0; c < classes; c++)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                if (labels[i] == c)
                {
                    fold[i] = next++ % folds;
                }
            }
        }

        return fold;
    }
}
