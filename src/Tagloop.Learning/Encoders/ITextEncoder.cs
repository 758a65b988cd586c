namespace Tagloop.Learning.Encoders;

/// <summary>
/// Turns texts into model features: a sparse block (TF-IDF), a dense block (sentence embeddings) or both. Found by
/// name in <see cref="TextEncoderCatalog"/>.
/// </summary>
public interface ITextEncoder
{
    /// <summary>The catalog name, e.g. <c>tfidf</c> or <c>glove-sif+tfidf</c>.</summary>
    string Name { get; }

    int Columns { get; }

    FeatureRows Encode(IReadOnlyList<string> texts);
}
