namespace Tagloop.Learning.Acquisition;

/// <summary>
/// Bayesian Active Learning by Disagreement (Houlsby et al. 2011): the mutual information between a row's label
/// and the model's weights, H[E p] − E H[p], estimated from samples of the Gaussian posterior over the logits.
/// High where plausible models disagree, low where every model agrees the text is ambiguous. Each row draws its
/// samples from its own seeded stream, so rows can be scored on several cores with the same result.
/// </summary>
public sealed class BaldStrategy(int samples = 32) : IAcquisitionStrategy
{
    public string Name => "bald";

    public void Score(AcquisitionInput input, Span<float> scores, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var k = input.Classes;
        var result = new float[input.Rows];
        const int Block = 1024;
        Parallel.For(0, (input.Rows + Block - 1) / Block, block =>
        {
            var logits = new float[k];
            var average = new float[k];
            var sampled = new float[k];
            var end = Math.Min(input.Rows, (block + 1) * Block);
            for (var i = block * Block; i < end; i++)
            {
                var state = ((ulong)(uint)seed << 32) ^ (ulong)i ^ 0x9E3779B97F4A7C15UL;
                Array.Clear(average);
                var expectedEntropy = 0f;
                for (var s = 0; s < samples; s++)
                {
                    var max = float.NegativeInfinity;
                    for (var c = 0; c < k; c++)
                    {
                        var index = (i * k) + c;
                        logits[c] = input.LogitMean[index] + (MathF.Sqrt(input.LogitVariance[index]) * Gaussian(ref state));
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

                result[i] = UncertaintyStrategy.Entropy(average) - expectedEntropy;
            }
        });
        result.CopyTo(scores);
    }

    // SplitMix64 for uniforms, Box–Muller for the normal; one of the pair is enough here.
    private static float Gaussian(ref ulong state)
    {
        var u1 = 1.0 - Uniform(ref state);
        var u2 = Uniform(ref state);
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    private static double Uniform(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
