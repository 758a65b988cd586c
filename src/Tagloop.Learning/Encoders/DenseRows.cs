namespace Tagloop.Learning.Encoders;

/// <summary>
/// Rows of dense features of one dimension (sentence embeddings), read a row at a time: from an array, or from a
/// memory-mapped store that keeps them as half-precision floats. <see cref="Center"/> is the mean row of the
/// corpus they come from, which models subtract (centring) so that the bias and the embedding weights do not fight
/// over the direction every embedding shares.
/// </summary>
public abstract class DenseRows
{
    public abstract int Rows { get; }

    public abstract int Dimension { get; }

    /// <summary>The corpus's mean row, or null to use the rows as they are.</summary>
    public float[]? Center { get; init; }

    /// <summary>Writes row <paramref name="row"/> into <paramref name="destination"/> (at least <see cref="Dimension"/> long).</summary>
    public abstract void CopyRow(int row, Span<float> destination);

    /// <summary>The chosen rows, in the given order, as an array-backed copy with the same centre.</summary>
    public DenseMatrix SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new float[rows.Count * Dimension];
        for (var i = 0; i < rows.Count; i++)
        {
            CopyRow(rows[i], values.AsSpan(i * Dimension, Dimension));
        }

        return new DenseMatrix(Dimension, values) { Center = Center };
    }
}
