using System.Numerics.Tensors;

namespace Tagloop.Learning.Encoders;

/// <summary>
/// Rows of one dimension scalar-quantised: a signed byte per value and a scale per row (value ≈ byte × scale, the
/// scale being the row's largest magnitude over 127), a quarter of the memory of single precision. Each value is
/// within half a step (scale / 2) of the original; for a unit row of 64 dimensions, cosines keep about two and a half
/// decimals.
/// </summary>
public sealed class QuantisedRows
{
    private readonly sbyte[] values;
    private readonly float[] scales;

    public QuantisedRows(int rows, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Dimension = dimension;
        values = new sbyte[(long)rows * dimension];
        scales = new float[rows];
    }

    public int Rows => scales.Length;

    public int Dimension { get; }

    /// <summary>Stores <paramref name="row"/> (<see cref="Dimension"/> finite values) as row <paramref name="index"/>.</summary>
    public void Set(int index, ReadOnlySpan<float> row) =>
        scales[index] = Quantise(row[..Dimension], values.AsSpan(index * Dimension, Dimension));

    /// <summary>Row <paramref name="index"/>, dequantised, into <paramref name="destination"/>.</summary>
    public void Row(int index, Span<float> destination)
    {
        var target = destination[..Dimension];
        TensorPrimitives.ConvertTruncating<sbyte, float>(values.AsSpan(index * Dimension, Dimension), target);
        TensorPrimitives.Multiply(target, scales[index], target);
    }

    /// <summary>Quantises <paramref name="row"/> into <paramref name="destination"/> (rounded to the nearest step) and returns the scale.</summary>
    public static float Quantise(ReadOnlySpan<float> row, Span<sbyte> destination)
    {
        var largest = 0f;
        foreach (var v in row)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException($"A row to quantise holds {v}.", nameof(row));
            }

            largest = Math.Max(largest, Math.Abs(v));
        }

        var scale = largest / 127f;
        for (var j = 0; j < row.Length; j++)
        {
            destination[j] = scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(row[j] / scale), -127, 127);
        }

        return scale;
    }
}
