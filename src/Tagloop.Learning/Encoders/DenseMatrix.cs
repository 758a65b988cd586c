namespace Tagloop.Learning.Encoders;

/// <summary>Dense rows held in one array, row-major.</summary>
public sealed class DenseMatrix : DenseRows
{
    private readonly float[] values;

    public DenseMatrix(int dimension, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (values.Length % dimension != 0)
        {
            throw new ArgumentException($"{values.Length} values do not make rows of {dimension}.", nameof(values));
        }

        Dimension = dimension;
        this.values = values;
    }

    public override int Rows => values.Length / Dimension;

    public override int Dimension { get; }

    /// <summary>The same rows with <paramref name="center"/> as their centre.</summary>
    public DenseMatrix WithCenter(float[]? center) => new(Dimension, values) { Center = center };

    /// <summary>Row <paramref name="row"/> without copying.</summary>
    public ReadOnlySpan<float> Row(int row) => values.AsSpan(row * Dimension, Dimension);

    public override void CopyRow(int row, Span<float> destination) => Row(row).CopyTo(destination);

    /// <summary>The mean of every row: the centre to give rows of this corpus.</summary>
    public float[] Mean()
    {
        var mean = new double[Dimension];
        for (var i = 0; i < Rows; i++)
        {
            var row = Row(i);
            for (var j = 0; j < Dimension; j++)
            {
                mean[j] += row[j];
            }
        }

        return [.. mean.Select(v => (float)(v / Math.Max(1, Rows)))];
    }
}
