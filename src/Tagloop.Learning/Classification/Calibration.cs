namespace Tagloop.Learning.Classification;

/// <summary>
/// How a model's logits are rescaled before they become probabilities: the posterior variance is multiplied by
/// <paramref name="VarianceScale"/> (as if the prior were tuned after the fact), then the mean is divided by
/// <paramref name="Temperature"/> and the variance by its square. (1, 1) leaves the model as fitted.
/// </summary>
public sealed record Calibration(float Temperature, float VarianceScale)
{
    public static Calibration None { get; } = new(1f, 1f);

    /// <summary>
    /// Fits both factors to held-out logit moments (rows × classes) by minimising the negative log-likelihood of
    /// their labels: temperature scaling (Guo et al. 2017) for each variance scale on a grid, in the spirit of
    /// tuning a Laplace approximation's prior precision on held-out data (Kristiadi et al. 2020; Daxberger et al.
    /// 2021). A weak prior makes the fitted posterior far too wide, and then no temperature alone can sharpen the
    /// probit predictive: its logits tend to mean / √(π·variance/8) as the temperature falls.
    /// </summary>
    public static Calibration Fit(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            return None;
        }

        var m = mean.ToArray();
        var v = variance.ToArray();
        var best = None;
        var bestLoss = NegativeLogLikelihood(m, v, labels, classes, None);
        foreach (var scale in new[] { 0f, 1e-4f, 1e-3f, 3e-3f, 0.01f, 0.03f, 0.1f, 0.3f, 1f })
        {
            var temperature = FitTemperature(m, v, labels, classes, scale);
            var candidate = new Calibration(temperature, scale);
            var loss = NegativeLogLikelihood(m, v, labels, classes, candidate);
            if (loss < bestLoss - 1e-9)
            {
                (best, bestLoss) = (candidate, loss);
            }
        }

        return best;
    }

    /// <summary>Mean negative log-likelihood of the labels under the probit predictive so calibrated.</summary>
    public static double NegativeLogLikelihood(float[] mean, float[] variance, IReadOnlyList<int> labels, int classes, Calibration calibration)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(calibration);
        var p = calibration.Probabilities(mean, variance, classes);
        var nll = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            nll -= Math.Log(Math.Max(1e-7, p[(i * classes) + labels[i]]));
        }

        return nll / labels.Count;
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

    // Golden-section search on log T in [0.05, 20]: the held-out NLL is smooth and, in practice, unimodal in it.
    private static float FitTemperature(float[] m, float[] v, IReadOnlyList<int> labels, int classes, float scale)
    {
        double lo = Math.Log(0.05), hi = Math.Log(20);
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
}
