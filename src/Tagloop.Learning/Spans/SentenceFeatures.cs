namespace Tagloop.Learning.Spans;

/// <summary>
/// A sentence's features: per token a list of hashed feature ids (bucket numbers) and, when the extractor has token
/// vectors, one dense row per token (zeros for tokens without a vector).
/// </summary>
public sealed class SentenceFeatures
{
    internal SentenceFeatures(int[] ids, int[] starts, float[] dense, int denseWidth)
    {
        Ids = ids;
        Starts = starts;
        Dense = dense;
        DenseWidth = denseWidth;
    }

    /// <summary>The number of tokens.</summary>
    public int Count => Starts.Length - 1;

    /// <summary>The width of each token's dense row (0 without token vectors).</summary>
    public int DenseWidth { get; }

    internal int[] Ids { get; }

    internal int[] Starts { get; }

    internal float[] Dense { get; }

    /// <summary>The feature ids of token <paramref name="t"/>, in a fixed order.</summary>
    public ReadOnlySpan<int> Token(int t) => Ids.AsSpan(Starts[t], Starts[t + 1] - Starts[t]);

    /// <summary>The dense row of token <paramref name="t"/> (empty without token vectors).</summary>
    public ReadOnlySpan<float> DenseRow(int t) => Dense.AsSpan(t * DenseWidth, DenseWidth);
}
