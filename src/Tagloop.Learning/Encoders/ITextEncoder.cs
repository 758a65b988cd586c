namespace Tagloop.Learning.Encoders;

/// <summary>
/// Turns texts into model features. Every encoder yields rows of one sparse matrix, so the classifier needs no
/// case for dense embeddings (a dense row is a row with every column set). Found by name in <see cref="TextEncoderCatalog"/>.
/// </summary>
public interface ITextEncoder
{
    /// <summary>The catalog name, e.g. <c>tfidf</c> or <c>glove-sif+tfidf</c>.</summary>
    string Name { get; }

    int Columns { get; }

    SparseMatrix Encode(IReadOnlyList<string> texts);
}
