namespace Tagloop.Learning.Encoders;

/// <summary>An immutable sparse matrix in compressed-row form: row i holds Indices/Values[RowStart[i]..RowStart[i+1]).</summary>
public sealed class SparseMatrix
{
    public SparseMatrix(int columns, int[] rowStart, int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowStart);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowStart.Length == 0 || rowStart[^1] != indices.Length || indices.Length != values.Length)
        {
            throw new ArgumentException("Row starts, indices and values do not agree.");
        }

        Columns = columns;
        RowStart = rowStart;
        Indices = indices;
        Values = values;
    }

    public int Rows => RowStart.Length - 1;

    public int Columns { get; }

    public int[] RowStart { get; }

    public int[] Indices { get; }

    public float[] Values { get; }

    public ReadOnlySpan<int> RowIndices(int row) => Indices.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    /// <summary>The chosen rows, in the given order, as a new matrix.</summary>
    public SparseMatrix SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var starts = new int[rows.Count + 1];
        for (var i = 0; i < rows.Count; i++)
        {
            starts[i + 1] = starts[i] + (RowStart[rows[i] + 1] - RowStart[rows[i]]);
        }

        var indices = new int[starts[^1]];
        var values = new float[starts[^1]];
        for (var i = 0; i < rows.Count; i++)
        {
            RowIndices(rows[i]).CopyTo(indices.AsSpan(starts[i]));
            RowValues(rows[i]).CopyTo(values.AsSpan(starts[i]));
        }

        return new SparseMatrix(Columns, starts, indices, values);
    }
}
