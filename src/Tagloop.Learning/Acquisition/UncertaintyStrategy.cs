namespace Tagloop.Learning.Acquisition;

/// <summary>
/// Uncertainty sampling on the predictive distribution (Lewis and Gale 1994; Settles 2009): least confidence
/// (1 − max p), margin (−(p₁ − p₂)) or entropy (−Σ p log p).
/// </summary>
public sealed class UncertaintyStrategy(UncertaintyMeasure measure) : IAcquisitionStrategy
{
    public string Name => measure switch
    {
        UncertaintyMeasure.LeastConfidence => "least-confidence",
        UncertaintyMeasure.Margin => "margin",
        _ => "entropy",
    };

    public void Score(AcquisitionInput input, Span<float> scores, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var k = input.Classes;
        for (var i = 0; i < input.Rows; i++)
        {
            var p = input.Probabilities.AsSpan(i * k, k);
            scores[i] = measure switch
            {
                UncertaintyMeasure.LeastConfidence => 1f - Max(p),
                UncertaintyMeasure.Margin => -Margin(p),
                _ => Entropy(p),
            };
        }
    }

    internal static float Entropy(ReadOnlySpan<float> p)
    {
        var h = 0f;
        foreach (var q in p)
        {
            if (q > 0)
            {
                h -= q * MathF.Log(q);
            }
        }

        return h;
    }

    private static float Max(ReadOnlySpan<float> p)
    {
        var max = 0f;
        foreach (var q in p)
        {
            max = MathF.Max(max, q);
        }

        return max;
    }

    private static float Margin(ReadOnlySpan<float> p)
    {
        float first = 0, second = 0;
        foreach (var q in p)
        {
            if (q > first)
            {
                second = first;
                first = q;
            }
            else if (q > second)
            {
                second = q;
            }
        }

        return first - second;
    }
}
