namespace Tagloop.Learning.Classification;

/// <summary>Dot products of sparse rows whose indices are sorted within each row.</summary>
internal static class SparseKernel
{
    public static float Dot(Encoders.SparseMatrix a, int rowA, Encoders.SparseMatrix b, int rowB)
    {
        var ia = a.RowIndices(rowA);
        var va = a.RowValues(rowA);
        var ib = b.RowIndices(rowB);
        var vb = b.RowValues(rowB);
        var (i, j) = (0, 0);
        var sum = 0f;
        while (i < ia.Length && j < ib.Length)
        {
            var (x, y) = (ia[i], ib[j]);
            if (x == y)
            {
                sum += va[i++] * vb[j++];
            }
            else if (x < y)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return sum;
    }
}
