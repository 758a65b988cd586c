namespace Tagloop.Learning.Acquisition;

/// <summary>
/// Bayesian Active Learning by Disagreement (Houlsby et al. 2011): the mutual information between a row's label
/// and the model's weights, H[E p] − E H[p], estimated from samples of the Gaussian posterior over the logits.
/// High where plausible models disagree, low where every model agrees the text is ambiguous.
/// </summary>
public sealed class BaldStrategy(int samples = 32) : IAcquisitionStrategy
{
    public string Name => "bald";

    public void Score(AcquisitionInput input, Span<float> scores, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var k = input.Classes;
        var random = new Random(seed);
        var logits = new float[k];
        var average = new float[k];
        var sampled = new float[k];
        for (var i = 0; i < input.Rows; i++)
        {
            Array.Clear(average);
            var expectedEntropy = 0f;
            for (var s = 0; s < samples; s++)
            {
                var max = float.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    var index = (i * k) + c;
                    logits[c] = input.LogitMean[index] + (MathF.Sqrt(input.LogitVariance[index]) * Gaussian(random));
                    max = MathF.Max(max, logits[c]);
                }

                var sum = 0f;
                for (var c = 0; c < k; c++)
                {
                    sampled[c] = MathF.Exp(logits[c] - max);
                    sum += sampled[c];
                }

                for (var c = 0; c < k; c++)
                {
                    sampled[c] /= sum;
                    average[c] += sampled[c] / samples;
                }

                expectedEntropy += UncertaintyStrategy.Entropy(sampled) / samples;
            }

            scores[i] = UncertaintyStrategy.Entropy(average) - expectedEntropy;
        }
    }

    // Box–Muller; one of the pair is enough here.
    private static float Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
