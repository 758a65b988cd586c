namespace Tagloop.Learning.Encoders;

/// <summary>Joins sparse features (e.g. TF-IDF) and dense embeddings (e.g. GloVe-SIF) into one sparse matrix, the dense block after the sparse columns.</summary>
public static class FeatureConcatenation
{
    public static SparseMatrix Join(SparseMatrix? sparse, float[]? dense, int denseDimension, int rows, float denseScale = 1f)
    {
        var sparseColumns = sparse?.Columns ?? 0;
        var starts = new int[rows + 1];
        var nnz = (sparse?.Indices.Length ?? 0) + (dense is null ? 0 : rows * denseDimension);
        var indices = new int[nnz];
        var values = new float[nnz];
        var at = 0;
        for (var i = 0; i < rows; i++)
        {
            if (sparse is not null)
            {
                var rowIndices = sparse.RowIndices(i);
                rowIndices.CopyTo(indices.AsSpan(at));
                sparse.RowValues(i).CopyTo(values.AsSpan(at));
                at += rowIndices.Length;
            }

            if (dense is not null)
            {
                for (var j = 0; j < denseDimension; j++)
                {
                    indices[at] = sparseColumns + j;
                    values[at] = dense[(i * denseDimension) + j] * denseScale;
                    at++;
                }
            }

            starts[i + 1] = at;
        }

        return new SparseMatrix(sparseColumns + (dense is null ? 0 : denseDimension), starts, indices, values);
    }
}
