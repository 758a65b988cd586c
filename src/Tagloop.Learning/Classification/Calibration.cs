namespace Tagloop.Learning.Classification;

/// <summary>
/// How a model's logits are rescaled before they become probabilities, fitted on held-out predictions only where
/// there are enough of them: the posterior variance is multiplied by <paramref name="VarianceScale"/> (at least
/// <see cref="MinimumVarianceScale"/>: it can shrink the Bayesian uncertainty, never remove it), then the mean is
/// divided by <paramref name="Temperature"/> (Guo et al. 2017) and the variance by its square. (1, 1) leaves the model
/// as fitted. The evidence sizes the prior for every direction the labels never touched; an isotropic prior is wide
/// there, and held-out data say how much of that width shows in practice — the held-out tuning of a Laplace
/// posterior's prior that Kristiadi et al. 2020 and Daxberger et al. 2021 describe, bounded.
/// </summary>
public sealed record Calibration(float Temperature, float VarianceScale = 1f)
{
    /// <summary>The smallest share of the posterior variance calibration may keep.</summary>
    public const float MinimumVarianceScale = 0.05f;

    /// <summary>
    /// Below this many held-out predictions none is fitted: five folds of two or three rows say little. From here on
    /// the fit's targets are smoothed (<see cref="NegativeLogLikelihood"/>), so a few lucky folds cannot make the model
    /// look sure. Measured on the label-efficiency corpora (margin, 5 seeds): fitting from 20 rather than 50 predictions
    /// cut the expected calibration error at 20–40 labels from 0.19–0.38 to 0.03–0.17 (the raw posterior is wide there:
    /// it said 65% on SMS spam when 95% were right) and left it alike from 50 on; fitting from 10 (3 seeds) made the
    /// 10-label point no better.
    /// </summary>
    public const int MinimumHeldOut = 20;

    /// <summary>How far a temperature may go: it tunes the evidence's answer, it does not replace it.</summary>
    public const float MinimumTemperature = 0.25f;

    public const float MaximumTemperature = 4f;

    public static Calibration None { get; } = new(1f, 1f);

    /// <summary>
    /// The variance share (on a grid down to <see cref="MinimumVarianceScale"/>) and temperature (in
    /// [<see cref="MinimumTemperature"/>, <see cref="MaximumTemperature"/>]) that minimise the negative
    /// log-likelihood of held-out labels (smoothed targets) under the probit predictive; <see cref="None"/> with fewer than
    /// <see cref="MinimumHeldOut"/> predictions, or when nothing beats it.
    /// </summary>
    public static Calibration Fit(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count < MinimumHeldOut)
        {
            return None;
        }

        var m = mean.ToArray();
        var v = variance.ToArray();
        var best = None;
        var bestLoss = NegativeLogLikelihood(m, v, labels, classes, None);
        foreach (var scale in new[] { MinimumVarianceScale, 0.1f, 0.2f, 0.5f, 1f })
        {
            var candidate = new Calibration(FitTemperature(m, v, labels, classes, scale), scale);
            var loss = NegativeLogLikelihood(m, v, labels, classes, candidate);
            if (loss < bestLoss - 1e-9)
            {
                (best, bestLoss) = (candidate, loss);
            }
        }

        return best;
    }

    // Golden-section search on log T: the held-out NLL is smooth and, in practice, unimodal in it.
    private static float FitTemperature(float[] m, float[] v, IReadOnlyList<int> labels, int classes, float scale)
    {
        double lo = Math.Log(MinimumTemperature), hi = Math.Log(MaximumTemperature);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = hi - (ratio * (hi - lo));
        var b = lo + (ratio * (hi - lo));
        double Loss(double logT) => NegativeLogLikelihood(m, v, labels, classes, new Calibration((float)Math.Exp(logT), scale));
        var fa = Loss(a);
        var fb = Loss(b);
        for (var iteration = 0; iteration < 30; iteration++)
        {
            if (fa <= fb)
            {
                (hi, b, fb) = (b, a, fa);
                a = hi - (ratio * (hi - lo));
                fa = Loss(a);
            }
            else
            {
                (lo, a, fa) = (a, b, fb);
                b = lo + (ratio * (hi - lo));
                fb = Loss(b);
            }
        }

        return (float)Math.Exp((lo + hi) / 2);
    }

    /// <summary>
    /// Mean cross-entropy of the held-out labels under the probit predictive so calibrated, against targets smoothed as
    /// Platt (1999) smoothed his: the true class gets 1 − ε and the others share ε = 1 / (n + 2). Without it, n held-out
    /// predictions that are all right are best fitted by certainty; with it, by about (n + 1) / (n + 2) — what n
    /// successes in a row support. With hundreds of predictions ε vanishes.
    /// </summary>
    public static double NegativeLogLikelihood(float[] mean, float[] variance, IReadOnlyList<int> labels, int classes, Calibration calibration)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(calibration);
        var p = calibration.Probabilities(mean, variance, classes);
        var epsilon = 1.0 / (labels.Count + 2);
        var other = epsilon / Math.Max(1, classes - 1);
        var loss = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            for (var c = 0; c < classes; c++)
            {
                loss -= (c == labels[i] ? 1 - epsilon : other) * Math.Log(Math.Max(1e-7, p[(i * classes) + c]));
            }
        }

        return loss / labels.Count;
    }

    /// <summary>Predictive probabilities (rows × classes) of uncalibrated logit moments under this calibration.</summary>
    public float[] Probabilities(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, int classes)
    {
        var scaledMean = new float[mean.Length];
        var scaledVariance = new float[variance.Length];
        for (var i = 0; i < mean.Length; i++)
        {
            scaledMean[i] = mean[i] / Temperature;
            scaledVariance[i] = variance[i] * VarianceScale / (Temperature * Temperature);
        }

        var p = new float[mean.Length];
        BayesianSoftmaxRegression.ProbitSoftmax(scaledMean, scaledVariance, classes, p);
        return p;
    }
}
