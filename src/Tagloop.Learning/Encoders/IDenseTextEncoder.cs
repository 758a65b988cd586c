namespace Tagloop.Learning.Encoders;

/// <summary>Turns texts into dense vectors of one dimension (sentence embeddings); thread-safe. Found by name in <see cref="TextEncoderCatalog"/>.</summary>
public interface IDenseTextEncoder : IDisposable
{
    string Name { get; }

    int Dimension { get; }

    /// <summary>Writes one row per text (texts × <see cref="Dimension"/>).</summary>
    void Encode(IReadOnlyList<string> texts, Span<float> output);
}
