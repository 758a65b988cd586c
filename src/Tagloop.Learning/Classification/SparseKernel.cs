namespace Tagloop.Learning.Classification;

/// <summary>Dot products of sparse rows whose indices are sorted within each row.</summary>
internal static class SparseKernel
{
    public static float Dot(Encoders.SparseMatrix a, int rowA, Encoders.SparseMatrix b, int rowB)
    {
        var ra = a.Row(rowA);
        var rb = b.Row(rowB);
        var (i, j) = (0, 0);
        var sum = 0f;
        while (i < ra.Length && j < rb.Length)
        {
            var (x, y) = (ra.Column(i), rb.Column(j));
            if (x == y)
            {
                sum += ra.Value(i++) * rb.Value(j++);
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
