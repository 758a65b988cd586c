using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;
using Tagloop.Learning.Loop;
using Tagloop.Learning.Tests.Classification;

namespace Tagloop.Learning.Tests.Loop;

public sealed class WeakLoopTests
{
    [Fact]
    public void Weak_documents_expand_into_one_row_per_likely_class_with_its_share_and_answered_ones_are_left_out()
    {
        var weak = new WeakLabels([2, 5, 9], [0.9f, 0.07f, 0.03f, 0.5f, 0.5f, 0f, 0f, 0f, 1f], 3, 0.25).Checked();
        var (rows, classes, shares) = weak.Expand(new HashSet<int> { 9 });
        Assert.Equal([2, 2, 5, 5], rows);
        Assert.Equal([0, 1, 0, 1], classes);
        Assert.Equal(0.9 / 0.97, shares[0], 1e-6); // 0.03 is under MinimumShare: dropped, the rest renormalised
        Assert.Equal(0.07 / 0.97, shares[1], 1e-6);
        Assert.Equal(0.5, shares[2], 1e-6);

        // At most MaxTrainingDocuments, the same ones each time, in corpus order.
        var many = new WeakLabels([.. Enumerable.Range(0, 100)], [.. Enumerable.Range(0, 100).SelectMany(_ => new[] { 1f, 0f })], 2, 0.25) { MaxTrainingDocuments = 10 };
        var first = many.Expand(new HashSet<int>()).Rows;
        Assert.Equal(10, first.Length);
        Assert.Equal(first, many.Expand(new HashSet<int>()).Rows);
        Assert.Equal(first.Order(), first);
        Assert.NotEqual([.. Enumerable.Range(0, 10)], first);

        Assert.Throws<ArgumentException>(() => new WeakLabels([1], [1f], 2, 0.25).Checked());
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeakLabels([1], [1f, 0f], 2, -1).Checked());
        Assert.Throws<ArgumentException>(() => new WeakLabels([1], [float.NaN, 0f], 2, 0.25).Checked());
    }

    [Fact]
    public void The_queue_targets_uncovered_unsure_and_contradicted_documents()
    {
        var weak = new WeakLabels([10, 11, 12], [0.95f, 0.05f, 0.6f, 0.4f, 0.9f, 0.1f], 2, 0.25);
        int[] pool = [10, 11, 12, 13];
        float[] model = [0.8f, 0.2f, 0.5f, 0.5f, 0.1f, 0.9f, 0.5f, 0.5f];
        Assert.Equal(
            [WeakTargeting.Reason.None, WeakTargeting.Reason.Uncertain, WeakTargeting.Reason.ModelDisagrees, WeakTargeting.Reason.Uncovered],
            WeakTargeting.Reasons(pool, weak, model, 2));

        float[] scores = [-1f, -1f, 0f, 1f];
        WeakTargeting.Apply(scores, pool, weak, model, 2);
        Assert.Equal([0f, 0f, 2f, 4f], scores); // shifted to start at 0, then doubled where targeted

        // Rules no better than the class balance steer nothing; half-reliable ones half as much.
        float[] same = [-1f, -1f, 0f, 1f];
        WeakTargeting.Apply(same, pool, weak, model, 2, [0.0, 0.0]);
        Assert.Equal([0f, 0f, 1f, 2f], same);
        float[] half = [-1f, -1f, 0f, 1f];
        WeakTargeting.Apply(half, pool, weak, model, 2, [0.5, 0.5]);
        Assert.Equal([0f, 0f, 1.5f, 3f], half);
    }

    [Fact]
    public void Cross_validation_predicts_only_the_answers_and_trains_every_fold_on_the_weak_rows()
    {
        var (x, y) = WeightedFitTests.Problem(seed: 5, rows: 45);
        var options = new BayesianSoftmaxOptions();
        var held = CrossValidation.Run(x, y, 3, options, 5, [.. Enumerable.Range(0, 45).Select(i => i < 20 ? 1.0 : 0.25)], 20)!;
        Assert.Equal(20, held.Labels.Length);
        Assert.Equal(y[..20], held.Labels);

        // The weak rows help: the same answers without them are predicted worse.
        var alone = CrossValidation.Run(x.SelectRows([.. Enumerable.Range(0, 20)]), y[..20], 3, options, 5)!;
        Assert.True(PriorSearch.Loss(held) < PriorSearch.Loss(alone), $"{PriorSearch.Loss(held)} vs {PriorSearch.Loss(alone)}");
        Assert.Null(CrossValidation.Run(x, y, 3, options, 5, null, 4));
    }

    [Fact]
    public void With_weak_labels_a_model_trains_before_any_answer_and_weak_rows_stay_in_the_pool()
    {
        var (x, y) = WeightedFitTests.Problem(seed: 6, rows: 60);
        var weak = Truthful(y, [.. Enumerable.Range(0, 40)]);
        var none = new LabelledRows([], [], 3, false);
        Assert.False(LabellingLoop.IsTrainable(none));
        Assert.True(LabellingLoop.IsTrainable(none, weak));

        var geometry = RandomProjection.ProjectQuantised(x, RandomProjection.DefaultDimension);
        var round = LabellingLoop.Refit(x, geometry, none, AcquisitionCatalog.Find("margin")!, null, 1, new BayesianSoftmaxOptions(), weak: weak);
        Assert.Equal(60, round.Pool.Length);
        Assert.Equal(40, round.Weak!.WeakDocuments);
        var predicted = ((BayesianSoftmaxRegression)round.Model).Predict(x);
        Assert.True(Enumerable.Range(40, 20).Count(i => predicted[i] == y[i]) >= 16, "documents no rule labelled are predicted from the weak ones");

        // Answers are never in the pool, and an answered weak document trains once, as its answer.
        var answers = new LabelledRows([0, 41], [[y[0]], [y[41]]], 3, false);
        var next = LabellingLoop.Refit(x, geometry, answers, AcquisitionCatalog.Find("margin")!, round.Model, 2, new BayesianSoftmaxOptions(), weak: weak);
        Assert.DoesNotContain(0, next.Pool);
        Assert.DoesNotContain(41, next.Pool);
        Assert.Equal(2, next.Weak!.Answers);
        Assert.Equal(39, next.Weak.WeakDocuments);
        Assert.Single(next.Weak.CorpusRows, r => r == 0);
    }

    [Fact]
    public void Rules_count_by_how_far_they_beat_the_class_balance_on_the_answers()
    {
        // Rows 0–4 labelled class 0 by the rules, 5–9 class 1. Answers: 0, 1, 2 are class 0 (the rules right), 5 is
        // class 0 (wrong), 6 class 1 (right), 20 class 1 (no rule).
        var q = Enumerable.Range(0, 10).SelectMany(i => i < 5 ? new[] { 0.9f, 0.1f } : [0.2f, 0.8f]).ToArray();
        var weak = new WeakLabels([.. Enumerable.Range(0, 10)], q, 2, WeakLabels.DefaultWeight);
        var answers = new LabelledRows([0, 1, 2, 5, 6, 20], [[0], [0], [0], [0], [1], [1]], 2, false);
        var reliability = weak.Reliability(answers);

        // Class 0: (3 + 4·0.8) / (3 + 4) = 0.8857 right against a balance of (4 + 1) / (6 + 2) = 0.625 → 0.6952.
        // Class 1: (1 + 3.2) / (2 + 4) = 0.7 against (2 + 1) / 8 = 0.375 → 0.52.
        Assert.Equal(0.695238, reliability[0], 5);
        Assert.Equal(0.52, reliability[1], 5);

        // Before any answer: the prior against an even balance, (0.8 − 0.5) / 0.5.
        Assert.All(weak.Reliability(new LabelledRows([], [], 2, false)), r => Assert.Equal(0.6, r, 9));

        // Shares scale by it; a class at 0 leaves its documents out.
        var (rows, classes, shares) = weak.Expand(new HashSet<int> { 0, 1, 2, 5, 6 }, [0.5, 0]);
        Assert.Equal([3, 3, 4, 4], rows);
        Assert.Equal(0.9 * 0.5, shares[0], 6);

        // The weight fades with answers: half at DefaultHalfWeightAt.
        Assert.Equal(WeakLabels.DefaultWeight / 2, weak.WeightFor((int)WeakLabels.DefaultHalfWeightAt), 12);
        Assert.Equal(WeakLabels.DefaultWeight, (weak with { HalfWeightAt = null }).WeightFor(500));
    }

    [Fact]
    public void Rules_the_answers_keep_contradicting_stop_training_and_stop_steering()
    {
        var (x, y) = WeightedFitTests.Problem(seed: 7, rows: 120);
        var geometry = RandomProjection.ProjectQuantised(x, RandomProjection.DefaultDimension);
        int[] rest = [.. Enumerable.Range(12, 108)];
        var wrong = new float[rest.Length * 3];
        for (var i = 0; i < rest.Length; i++)
        {
            wrong[(i * 3) + ((y[rest[i]] + 1) % 3)] = 1f;
        }

        var weak = new WeakLabels(rest, wrong, 3, WeakLabels.DefaultWeight);

        // Thirty answers on documents the rules label, every one against them: per class (3.2 + 0) / (10 + 4) = 0.23 right,
        // below the balance of 11 / 33.
        int[] answered = [.. rest.Take(30)];
        var labels = new LabelledRows(answered, [.. answered.Select(i => new[] { y[i] })], 3, false);
        Assert.All(weak.Reliability(labels), r => Assert.Equal(0, r));
        var round = LabellingLoop.Refit(x, geometry, labels, AcquisitionCatalog.Find("margin")!, null, 1, new BayesianSoftmaxOptions(), weak: weak);
        Assert.Null(round.Weak);

        // The same answers with truthful rules: they train, and the evaluation predicts only answers.
        var good = Truthful(y, rest);
        var trained = LabellingLoop.Refit(x, geometry, labels, AcquisitionCatalog.Find("margin")!, null, 1, new BayesianSoftmaxOptions(), weak: good);
        Assert.Equal(78, trained.Weak!.WeakDocuments);
        var evaluation = LabellingLoop.Evaluate(trained.Model, trained.TrainingFeatures, labels, new BayesianSoftmaxOptions(), 5, trained.Weak)!;
        Assert.Equal(30, evaluation.HeldOut!.Labels.Length);
    }

    private static WeakLabels Truthful(int[] y, int[] rows)
    {
        var q = new float[rows.Length * 3];
        for (var i = 0; i < rows.Length; i++)
        {
            q[(i * 3) + y[rows[i]]] = 0.9f;
            q[(i * 3) + ((y[rows[i]] + 1) % 3)] = 0.1f;
        }

        return new WeakLabels(rows, q, 3, WeakLabels.DefaultWeight);
    }
}
