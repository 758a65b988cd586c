namespace Tagloop.Learning.Spans;

/// <summary>Dense vectors for tokens (e.g. word vectors), added to a tagger's features as real-valued state features.</summary>
public interface ITokenVectors
{
    /// <summary>The length of every vector.</summary>
    int Dimension { get; }

    /// <summary>Writes the token's vector into <paramref name="destination"/>; false (destination untouched) when the token has none.</summary>
    bool TryCopy(string token, Span<float> destination);
}
