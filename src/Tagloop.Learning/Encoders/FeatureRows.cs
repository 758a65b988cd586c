namespace Tagloop.Learning.Encoders;

/// <summary>
/// The features of a set of texts as a model sees them: a sparse block (hashed TF-IDF), a dense block (sentence
/// embeddings), or both side by side for the same rows. Models treat the blocks differently — a diagonal posterior
/// for millions of sparse columns, a low-rank one for a few hundred correlated dense ones — so they stay apart
/// instead of being flattened into one matrix.
/// </summary>
public sealed class FeatureRows
{
    public FeatureRows(SparseMatrix? sparse, DenseRows? dense)
    {
        if (sparse is null && dense is null)
        {
            throw new ArgumentException("Features need a sparse block, a dense block, or both.");
        }

        if (sparse is not null && dense is not null && sparse.Rows != dense.Rows)
        {
            throw new ArgumentException($"The sparse block has {sparse.Rows} rows and the dense block {dense.Rows}.");
        }

        Sparse = sparse;
        Dense = dense;
    }

    public SparseMatrix? Sparse { get; }

    public DenseRows? Dense { get; }

    public int Rows => Sparse?.Rows ?? Dense!.Rows;

    public static implicit operator FeatureRows(SparseMatrix sparse) => FromSparse(sparse);

    public static FeatureRows FromSparse(SparseMatrix sparse)
    {
        ArgumentNullException.ThrowIfNull(sparse);
        return new FeatureRows(sparse, null);
    }

    /// <summary>The chosen rows, in the given order (dense rows copied out of any store).</summary>
    public FeatureRows SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new FeatureRows(Sparse?.SelectRows(rows), Dense?.SelectRows(rows));
    }
}
