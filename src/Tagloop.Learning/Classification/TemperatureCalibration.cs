namespace Tagloop.Learning.Classification;

/// <summary>
/// Temperature scaling (Guo et al. 2017) for the probit predictive: one scalar T divides every logit's mean (and
/// T² its variance), chosen to minimise the negative log-likelihood of held-out labels. It never changes which
/// class is most likely, only how sure the model says it is.
/// </summary>
public static class TemperatureCalibration
{
    public const float Minimum = 0.05f;
    public const float Maximum = 20f;

    /// <summary>The temperature that best fits held-out logit moments (rows × classes) to their labels; 1 with no rows.</summary>
    public static float Fit(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            return 1f;
        }

        var m = mean.ToArray();
        var v = variance.ToArray();

        // Golden-section search on log T: the held-out NLL is smooth and, in practice, unimodal in it.
        double lo = Math.Log(Minimum), hi = Math.Log(Maximum);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = hi - (ratio * (hi - lo));
        var b = lo + (ratio * (hi - lo));
        var fa = NegativeLogLikelihood(m, v, labels, classes, (float)Math.Exp(a));
        var fb = NegativeLogLikelihood(m, v, labels, classes, (float)Math.Exp(b));
        for (var iteration = 0; iteration < 40; iteration++)
        {
            if (fa <= fb)
            {
                hi = b;
                b = a;
                fb = fa;
                a = hi - (ratio * (hi - lo));
                fa = NegativeLogLikelihood(m, v, labels, classes, (float)Math.Exp(a));
            }
            else
            {
                lo = a;
                a = b;
                fa = fb;
                b = lo + (ratio * (hi - lo));
                fb = NegativeLogLikelihood(m, v, labels, classes, (float)Math.Exp(b));
            }
        }

        return (float)Math.Exp((lo + hi) / 2);
    }

    /// <summary>Mean negative log-likelihood of the labels under the probit predictive at temperature <paramref name="temperature"/>.</summary>
    public static double NegativeLogLikelihood(float[] mean, float[] variance, IReadOnlyList<int> labels, int classes, float temperature)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        ArgumentNullException.ThrowIfNull(labels);
        var scaledMean = new float[mean.Length];
        var scaledVariance = new float[variance.Length];
        for (var i = 0; i < mean.Length; i++)
        {
            scaledMean[i] = mean[i] / temperature;
            scaledVariance[i] = variance[i] / (temperature * temperature);
        }

        var p = new float[mean.Length];
        BayesianSoftmaxRegression.ProbitSoftmax(scaledMean, scaledVariance, classes, p);
        var nll = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            nll -= Math.Log(Math.Max(1e-7, p[(i * classes) + labels[i]]));
        }

        return nll / labels.Count;
    }
}
