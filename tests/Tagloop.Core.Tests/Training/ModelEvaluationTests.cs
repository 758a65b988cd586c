using Tagloop.Core.Training;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Core.Tests.Training;

public sealed class ModelEvaluationTests
{
    // Twelve one-word documents: word 0 means label 0, word 1 label 1, word 2 label 2, except row 4, which says
    // word 0 but is labelled 1. Held out, row 4 can only be predicted as 0; every other row is predicted right.
    private static readonly int[] Words = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2];
    private static readonly int[] Targets = [0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2];

    [Fact]
    public void Cross_validation_counts_the_one_contradicting_label_as_the_only_error()
    {
        var x = new SparseMatrix(3, [.. Enumerable.Range(0, Words.Length + 1)], Words, [.. Words.Select(_ => 1f)]);

        var evaluation = ModelEvaluation.CrossValidate(x, Targets, 3, new BayesianSoftmaxOptions());

        Assert.NotNull(evaluation);
        Assert.Equal(5, evaluation.Folds);
        Assert.Equal([[4, 0, 0], [1, 4, 0], [0, 0, 3]], evaluation.Confusion.Select(r => r.ToArray()).ToArray());
        Assert.Equal(11.0 / 12, evaluation.Accuracy, 12);

        // Label 0: 5 predicted, 4 right, all 4 found. Label 1: 4 predicted, all right, 4 of 5 found. Label 2: perfect.
        Assert.Equal([4.0 / 5, 1, 1], evaluation.PerLabel.Select(s => s.Precision));
        Assert.Equal([1, 4.0 / 5, 1], evaluation.PerLabel.Select(s => s.Recall));
        Assert.Equal([4, 5, 3], evaluation.PerLabel.Select(s => s.Support));
        Assert.Equal(8.0 / 9, evaluation.PerLabel[0].F1, 12);
        Assert.Equal(8.0 / 9, evaluation.PerLabel[1].F1, 12);
        Assert.Equal(1.0, evaluation.PerLabel[2].F1, 12);
        Assert.Equal(25.0 / 27, evaluation.MacroF1, 12);

        // Folds deal labels in turn: row 4 shares fold 4 with row 9, so the fold accuracies are 1, 1, 1, 1 and 1/2
        // (mean 0.9, sample variance 0.2 / 4).
        Assert.Equal(Math.Sqrt(0.05), evaluation.AccuracySd, 12);
    }

    [Fact]
    public void Folds_share_out_every_label_evenly()
    {
        var folds = CrossValidation.AssignFolds(Targets, 3, 5);

        Assert.Equal([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1], folds);
        for (var c = 0; c < 3; c++)
        {
            var perFold = Enumerable.Range(0, 5).Select(f => Enumerable.Range(0, Targets.Length).Count(i => Targets[i] == c && folds[i] == f)).ToList();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"label {c} is spread {string.Join(",", perFold)}");
        }
    }

    [Fact]
    public void Fewer_than_ten_labels_give_no_evaluation()
    {
        var x = new SparseMatrix(3, [.. Enumerable.Range(0, 10)], [.. Words.Take(9)], [.. Enumerable.Repeat(1f, 9)]);

        Assert.Null(ModelEvaluation.CrossValidate(x, [.. Targets.Take(9)], 3, new BayesianSoftmaxOptions()));
    }

    [Fact]
    public void The_same_labels_give_the_same_evaluation()
    {
        var x = new SparseMatrix(3, [.. Enumerable.Range(0, Words.Length + 1)], Words, [.. Words.Select(_ => 1f)]);

        var first = ModelEvaluation.CrossValidate(x, Targets, 3, new BayesianSoftmaxOptions())!;
        var second = ModelEvaluation.CrossValidate(x, Targets, 3, new BayesianSoftmaxOptions())!;

        Assert.Equal(first.Accuracy, second.Accuracy);
        Assert.Equal(first.AccuracySd, second.AccuracySd);
        Assert.Equal(first.PerLabel, second.PerLabel);
    }
}
