using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Classification;

/// <summary>
/// Multi-label classification as independent Bayesian logistic regressions, one per label ("does this label
/// apply?"), each a two-class <see cref="BayesianSoftmaxRegression"/> with its own Laplace posterior and calibration.
/// A label applies when its probability is at least one half.
/// </summary>
public sealed class BayesianMultiLabelRegression : ILabelModel
{
    private BayesianMultiLabelRegression(BayesianSoftmaxRegression[] labels) => Labels = labels;

    /// <summary>The per-label models; class 1 of each means "applies".</summary>
    public IReadOnlyList<BayesianSoftmaxRegression> Labels { get; }

    public int Classes => Labels.Count;

    /// <summary>The worst of the per-label fits' reports.</summary>
    public FitReport Report => Labels.Aggregate(FitReport.None, (worst, label) => worst.Worst(label.Report));

    public bool MultiLabel => true;

    /// <summary>
    /// Fits one model per label; <paramref name="applies"/>[i] lists the labels of row i. Warm-starts from
    /// <paramref name="warmStart"/> when it has as many labels; without the evidence search, each label keeps that
    /// model's prior precisions.
    /// </summary>
    public static BayesianMultiLabelRegression Fit(FeatureRows x, IReadOnlyList<IReadOnlyCollection<int>> applies, int classes, BayesianSoftmaxOptions options, BayesianMultiLabelRegression? warmStart = null, SpanProjection? span = null, IReadOnlyList<int>? spanRows = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(applies);
        ArgumentNullException.ThrowIfNull(options);

        // Every label's model shares the labelled rows, so one span serves them all.
        if (span is null || spanRows is null)
        {
            span = SpanProjection.Of(x, options.PosteriorRank);
            spanRows = [.. Enumerable.Range(0, x.Rows)];
        }

        span.Update(span.Corpus, [.. spanRows]);
        var models = new BayesianSoftmaxRegression[classes];
        Parallel.For(0, classes, c =>
        {
            int[] targets = [.. applies.Select(set => set.Contains(c) ? 1 : 0)];
            var previous = warmStart is not null && warmStart.Classes == classes ? warmStart.Labels[c] : null;
            var labelOptions = !options.Evidence && previous is not null ? previous.KeepingPriors(options) : options;
            models[c] = BayesianSoftmaxRegression.Fit(x, targets, 2, labelOptions, previous, span, spanRows);
        });
        return new BayesianMultiLabelRegression(models);
    }

    public static BayesianMultiLabelRegression FromLabels(IReadOnlyList<BayesianSoftmaxRegression> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Any(l => l.Classes != 2))
        {
            throw new ArgumentException("Each label's model must have two classes (does not apply, applies).", nameof(labels));
        }

        return new BayesianMultiLabelRegression([.. labels]);
    }

    /// <summary>A copy with a calibration per label.</summary>
    public BayesianMultiLabelRegression WithCalibrations(IReadOnlyList<Calibration> calibrations)
    {
        ArgumentNullException.ThrowIfNull(calibrations);
        return new BayesianMultiLabelRegression([.. Labels.Select((m, c) => m.WithCalibration(calibrations[c]))]);
    }

    public void PredictProbabilities(FeatureRows x, Span<float> output) => PredictProbabilities(x, output, null);

    /// <summary>Per-label probabilities, reading span coordinates from <paramref name="projection"/> where it holds them.</summary>
    public void PredictProbabilities(FeatureRows x, Span<float> output, SpanProjection? projection)
    {
        ArgumentNullException.ThrowIfNull(x);
        var k = Classes;
        var pair = new float[x.Rows * 2];
        for (var c = 0; c < k; c++)
        {
            Labels[c].PredictProbabilities(x, pair, projection);
            for (var i = 0; i < x.Rows; i++)
            {
                output[(i * k) + c] = pair[(i * 2) + 1];
            }
        }
    }

    /// <summary>The labels that apply to each row (probability ≥ ½).</summary>
    public int[][] Predict(FeatureRows x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var k = Classes;
        var p = new float[x.Rows * k];
        PredictProbabilities(x, p);
        return [.. Enumerable.Range(0, x.Rows).Select(i => Enumerable.Range(0, k).Where(c => p[(i * k) + c] >= 0.5f).ToArray())];
    }
}
