using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;
using Tagloop.Learning.Loop;

namespace Tagloop.Learning.Tests.Evaluation;

public sealed class CalibrationTests
{
    [DatasetFact("datasets", "trec", "train.jsonl")]
    public void A_temperature_fitted_on_cross_validation_folds_lowers_the_test_calibration_error_on_TREC()
    {
        var (encoder, x, testX, trainClasses, truth, classCount) = Datasets.TrecTfidf();
        var random = new Random(7);
        List<int> rows = [.. Enumerable.Range(0, x.Rows).OrderBy(_ => random.Next()).Take(200)];
        var labelled = x.SelectRows(rows);
        var y = rows.Select(i => trainClasses[i]).ToArray();
        var options = new BayesianSoftmaxOptions();

        var heldOut = CrossValidation.Run(labelled, y, classCount, options)!;
        var calibration = heldOut.FitCalibration();
        var model = BayesianSoftmaxRegression.Fit(labelled, y, classCount, options);
        var before = Probabilities(model, testX);
        var after = Probabilities(model.WithCalibration(calibration), testX);
        var eceBefore = ClassificationMetrics.ExpectedCalibrationError(before, classCount, truth);
        var eceAfter = ClassificationMetrics.ExpectedCalibrationError(after, classCount, truth);

        // With 200 labels the posterior's isotropic prior leaves the predictive too flat in directions no label touched
        // (the top probability below the accuracy); the held-out folds say how much of that width shows.
        Assert.True(eceBefore > 0.1, $"uncalibrated ECE {eceBefore:0.000}");
        Assert.True(eceAfter < 0.12 && eceAfter < eceBefore * 0.6, $"ECE {eceBefore:0.000} → {eceAfter:0.000} at {calibration}");
        Assert.True(calibration.VarianceScale >= Calibration.MinimumVarianceScale);

        // Rescaling the variance may move a few borderline predictions; it must not cost accuracy.
        var accuracyBefore = ClassificationMetrics.Accuracy(truth, ClassificationMetrics.ArgMax(before, classCount));
        var accuracyAfter = ClassificationMetrics.Accuracy(truth, ClassificationMetrics.ArgMax(after, classCount));
        Assert.True(accuracyAfter >= accuracyBefore - 0.01, $"accuracy {accuracyBefore:0.000} → {accuracyAfter:0.000}");
    }

    [DatasetFact("datasets", "trec", "train.jsonl")]
    public void At_thirty_labels_the_loop_calibrates_the_wide_posterior_and_a_text_of_unseen_words_stays_unsure()
    {
        var (encoder, x, testX, trainClasses, truth, classCount) = Datasets.TrecTfidf();
        var random = new Random(11);
        int[] rows = [.. Enumerable.Range(0, x.Rows).OrderBy(_ => random.Next()).Take(30)];
        var labels = new LabelledRows(rows, [.. rows.Select(i => new[] { trainClasses[i] })], classCount, MultiLabel: false);
        var options = new BayesianSoftmaxOptions();
        var model = BayesianSoftmaxRegression.Fit(x.SelectRows(rows), [.. labels.Sets.Select(s => s[0])], classCount, options);

        var calibrated = (BayesianSoftmaxRegression)LabellingLoop.Evaluate(model, x.SelectRows(rows), labels, options)!.Calibrated;
        Assert.NotEqual(Calibration.None, calibrated.Calibration);
        var before = Probabilities(model, testX);
        var after = Probabilities(calibrated, testX);
        var accuracy = ClassificationMetrics.Accuracy(truth, ClassificationMetrics.ArgMax(after, classCount));
        double Confidence(float[] p) => Enumerable.Range(0, truth.Length).Average(i => p.AsSpan(i * classCount, classCount).ToArray().Max());
        var eceBefore = ClassificationMetrics.ExpectedCalibrationError(before, classCount, truth);
        var eceAfter = ClassificationMetrics.ExpectedCalibrationError(after, classCount, truth);
        Assert.True(eceAfter < eceBefore * 0.8, $"ECE {eceBefore:0.000} → {eceAfter:0.000} at {calibrated.Calibration}; accuracy {accuracy:0.000}, confidence {Confidence(before):0.000} → {Confidence(after):0.000}");

        // Words no labelled question used: the model knows nothing of them and must not pretend to.
        var unseen = Probabilities(calibrated, encoder.Encode(["zyxwv qwertyuiop asdfghjkl"]));
        Assert.True(unseen.Max() < 0.6f, $"top probability of a text of unseen words: {unseen.Max():0.000}");
    }

    [Fact]
    public void The_pool_as_the_posterior_gives_it_before_calibration_is_recovered_from_calibrated_moments()
    {
        var starts = Enumerable.Range(0, 13).Select(i => i * 2).ToArray();
        var indices = Enumerable.Range(0, 12).SelectMany(i => new[] { i % 3, 3 + (i % 5) }).ToArray();
        var labels = Enumerable.Range(0, 12).Select(i => i % 3).ToArray();
        var x = new SparseMatrix(10, starts, indices, [.. Enumerable.Repeat(0.7f, 24)]);
        var raw = BayesianSoftmaxRegression.Fit(x, labels, 3, new BayesianSoftmaxOptions());
        var calibration = new Calibration(0.5f, 0.1f);
        var pool = new SparseMatrix(10, [0, 2, 3, 5], [0, 9, 1, 2, 8], [0.7f, 0.7f, 1f, 0.5f, 0.5f]);

        var calibrated = PoolScorer.Moments(raw.WithCalibration(calibration), pool);
        var expected = PoolScorer.Moments(raw, pool);
        var recovered = PoolScorer.Uncalibrated(calibrated, calibration);
        Assert.NotEqual(expected.Probabilities, calibrated.Probabilities);
        for (var i = 0; i < expected.Probabilities.Length; i++)
        {
            Assert.Equal(expected.LogitMean[i], recovered.LogitMean[i], 4);
            Assert.Equal(expected.LogitVariance[i], recovered.LogitVariance[i], 3);
            Assert.Equal(expected.Probabilities[i], recovered.Probabilities[i], 4);
        }

        Assert.Same(calibrated, PoolScorer.Uncalibrated(calibrated, Calibration.None));
    }

    [Fact]
    public void Too_few_held_out_predictions_fit_no_calibration_and_perfect_ones_do_not_make_the_model_certain()
    {
        static (int[] Labels, float[] Mean, float[] Variance) Separated(int n)
        {
            var labels = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
            return (labels, [.. labels.SelectMany(l => l == 0 ? new[] { 3f, -3f } : [-3f, 3f])], [.. Enumerable.Repeat(20f, 2 * n)]);
        }

        var (few, fewMean, fewVariance) = Separated(Calibration.MinimumHeldOut - 1);
        Assert.Equal(Calibration.None, Calibration.Fit(fewMean, fewVariance, few, 2));

        // Forty held-out rows, every one right: a plain likelihood fit would say "certain" (the bounds allow 0.9999
        // here); the smoothed targets stop near 41/42, what forty successes in a row support.
        foreach (var n in new[] { 40, 200 })
        {
            var (labels, mean, variance) = Separated(n);
            var before = Calibration.None.Probabilities(mean, variance, 2)[labels[0]];
            var fitted = Calibration.Fit(mean, variance, labels, 2);
            var sure = fitted.Probabilities(mean, variance, 2)[labels[0]];
            Assert.True(fitted.VarianceScale >= Calibration.MinimumVarianceScale && fitted.Temperature >= Calibration.MinimumTemperature, $"{fitted}");
            Assert.True(sure > before, $"n={n}: {before:0.000} → {sure:0.000} at {fitted}");
            Assert.InRange(sure, (n + 1.0) / (n + 2) - 0.02, (n + 1.0) / (n + 2) + 0.01);
        }
    }

    [Fact]
    public void Cross_validation_is_stratified_and_predicts_every_row_from_a_model_that_never_saw_it()
    {
        // 12 rows of class 0 and 3 of class 1: five folds, each with its share of the rare class.
        var labels = Enumerable.Repeat(0, 12).Concat(Enumerable.Repeat(1, 3)).ToArray();
        var starts = Enumerable.Range(0, labels.Length + 1).ToArray();
        var x = new SparseMatrix(4, starts, [.. labels.Select((l, i) => l == 0 ? 0 : 1)], [.. labels.Select(_ => 1f)]);
        var heldOut = CrossValidation.Run(x, labels, 2, new BayesianSoftmaxOptions())!;
        Assert.Equal(3, heldOut.Folds.Where((_, i) => labels[i] == 1).Distinct().Count());
        Assert.Equal(labels, heldOut.Predicted());
        Assert.All(heldOut.FoldAccuracies(), a => Assert.Equal(1.0, a));
    }

    [Fact]
    public void Expected_calibration_error_is_zero_for_honest_confidence_and_large_for_overconfidence()
    {
        // Ten rows at 70% confidence, seven right: honest. The same rows claimed at 100%: off by 0.3.
        var truth = Enumerable.Range(0, 10).Select(i => i < 7 ? 0 : 1).ToArray();
        var honest = Enumerable.Range(0, 10).SelectMany(_ => new[] { 0.7f, 0.3f }).ToArray();
        var proud = Enumerable.Range(0, 10).SelectMany(_ => new[] { 0.9999f, 0.0001f }).ToArray();
        Assert.Equal(0, ClassificationMetrics.ExpectedCalibrationError(honest, 2, truth), 3);
        Assert.Equal(0.3, ClassificationMetrics.ExpectedCalibrationError(proud, 2, truth), 2);
    }

    private static float[] Probabilities(BayesianSoftmaxRegression model, SparseMatrix x)
    {
        var p = new float[x.Rows * model.Classes];
        model.PredictProbabilities(x, p);
        return p;
    }
}
