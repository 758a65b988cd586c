using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Word vectors (e.g. GloVe, whose vocabulary is lower case) as a tagger's dense token features: each token looked up in
/// lower case, or given none when the vocabulary lacks it (the tagger's sparse features still describe it).
/// </summary>
public sealed class WordVectorTokens : ITokenVectors
{
    private readonly WordVectors vectors;
    private readonly bool lowerCase;

    /// <param name="vectors">The vectors; the caller keeps ownership and disposes them after the tagger's last use.</param>
    /// <param name="lowerCase">Look tokens up in lower case (true for GloVe 6B).</param>
    public WordVectorTokens(WordVectors vectors, bool lowerCase = true)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        this.vectors = vectors;
        this.lowerCase = lowerCase;
    }

    public int Dimension => vectors.Dimension;

    public bool TryCopy(string token, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(token);
        return vectors.TryCopy(lowerCase ? token.ToLowerInvariant() : token, destination);
    }
}
