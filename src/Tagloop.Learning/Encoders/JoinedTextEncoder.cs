namespace Tagloop.Learning.Encoders;

/// <summary>
/// An encoder made of a TF-IDF block, a dense block, or both (either may be absent): what a project's model encodes
/// texts with. Disposes the dense encoder only when it owns it (a server shares one per model among projects).
/// </summary>
public sealed class JoinedTextEncoder(string name, HashedTfidfEncoder? sparse, IDenseTextEncoder? dense, bool ownsDense) : ITextEncoder, IDisposable
{
    public string Name => name;

    public HashedTfidfEncoder? Sparse => sparse;

    public IDenseTextEncoder? Dense => dense;

    public int Columns => (sparse?.Dimension ?? 0) + (dense?.Dimension ?? 0);

    public FeatureRows Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var sparseRows = sparse?.Encode(texts);
        if (dense is null)
        {
            return sparseRows!;
        }

        var rows = new float[texts.Count * dense.Dimension];
        dense.Encode(texts, rows);
        return new FeatureRows(sparseRows, new DenseMatrix(dense.Dimension, rows));
    }

    public void Dispose()
    {
        if (ownsDense)
        {
            dense?.Dispose();
        }
    }
}
