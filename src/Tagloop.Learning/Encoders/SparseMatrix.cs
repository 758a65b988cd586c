using System.Runtime.CompilerServices;

namespace Tagloop.Learning.Encoders;

/// <summary>
/// An immutable sparse matrix in compressed-row form: row i holds entries [RowStart[i], RowStart[i+1]). Two layouts:
/// plain (<see cref="Indices"/> and <see cref="Values"/>, any columns and values), or packed (<see cref="Packed"/>:
/// one 32-bit word per non-zero, the column in its low <see cref="PackedColumnBits"/> bits and the value, in [2⁻¹⁴, 2),
/// as half-precision bits without sign or exponent's top bit in the other 14). Packed halves the memory of a large
/// corpus's TF-IDF rows (a million documents hold about 180 million non-zeros); its values keep 11 significant bits
/// (relative error below 0.05%). <see cref="Row"/> reads either layout.
/// </summary>
public sealed class SparseMatrix
{
    /// <summary>Columns a packed matrix can have: 2^18, the hashed TF-IDF's width.</summary>
    public const int PackedColumnBits = 18;
    private const uint ColumnMask = (1u << PackedColumnBits) - 1;

    // Half-precision bits of the smallest normal value (2^-14) and of 2: packed values lie in between.
    private const uint SmallestCode = 0x0400;
    private const uint CodeLimit = 0x4000;

    private readonly int[]? indices;
    private readonly float[]? values;
    private readonly uint[]? packed;

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
        this.indices = indices;
        this.values = values;
    }

    private SparseMatrix(int columns, int[] rowStart, uint[] packed)
    {
        if (rowStart.Length == 0 || rowStart[^1] != packed.Length)
        {
            throw new ArgumentException("Row starts and entries do not agree.");
        }

        Columns = columns;
        RowStart = rowStart;
        this.packed = packed;
    }

    public int Rows => RowStart.Length - 1;

    public int Columns { get; }

    public int[] RowStart { get; }

    public long NonZeros => RowStart[^1];

    public bool IsPacked => packed is not null;

    /// <summary>The plain layout's column of each non-zero (a packed matrix has none: read it with <see cref="Row"/>).</summary>
    public int[] Indices => indices ?? throw PackedError();

    /// <summary>The plain layout's value of each non-zero.</summary>
    public float[] Values => values ?? throw PackedError();

    /// <summary>The packed layout's entries (column and value in one word each; see <see cref="ColumnOf"/>, <see cref="ValueOf"/>).</summary>
    public uint[] Packed => packed ?? throw new InvalidOperationException("This sparse matrix is not packed.");

    public ReadOnlySpan<int> RowIndices(int row) => Indices.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    /// <summary>Row <paramref name="row"/>, in either layout.</summary>
    public SparseRow Row(int row)
    {
        var (from, length) = (RowStart[row], RowStart[row + 1] - RowStart[row]);
        return packed is not null ? new SparseRow(packed.AsSpan(from, length)) : new SparseRow(indices.AsSpan(from, length), values.AsSpan(from, length));
    }

    /// <summary>Whether <see cref="Pack"/> can hold these columns and values.</summary>
    public static bool CanPack(int columns) => columns <= 1 << PackedColumnBits;

    /// <summary>A packed entry's column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ColumnOf(uint entry) => (int)(entry & ColumnMask);

    /// <summary>A packed entry's value: its 14 bits are a half-precision number's, moved into a float's exponent and mantissa.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ValueOf(uint entry) => BitConverter.Int32BitsToSingle((int)(((entry >> (PackedColumnBits - 13)) & 0x07FFE000u) + 0x38000000u));

    /// <summary>One packed entry: <paramref name="value"/> must lie in (0, 2); below 2⁻¹⁴ it is stored as 2⁻¹⁴.</summary>
    public static uint PackEntry(int column, float value)
    {
        if ((uint)column > ColumnMask || !(value > 0 && value < 2))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A packed entry needs a column below {1 << PackedColumnBits} (here {column}) and a value in (0, 2).");
        }

        var code = (uint)BitConverter.HalfToUInt16Bits((Half)value);
        code = Math.Clamp(code, SmallestCode, CodeLimit - 1);
        return (code << PackedColumnBits) | (uint)column;
    }

    /// <summary>The value a packed matrix holds for <paramref name="value"/> (what <see cref="PackEntry"/> keeps of it).</summary>
    public static float Quantise(float value) => ValueOf(PackEntry(0, value));

    /// <summary>A packed matrix over entries made with <see cref="PackEntry"/>.</summary>
    public static SparseMatrix FromPacked(int columns, int[] rowStart, uint[] entries)
    {
        ArgumentNullException.ThrowIfNull(rowStart);
        ArgumentNullException.ThrowIfNull(entries);
        if (!CanPack(columns))
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"A packed matrix has at most {1 << PackedColumnBits} columns.");
        }

        return new SparseMatrix(columns, rowStart, entries);
    }

    /// <summary>The same rows in the plain layout (this matrix when it is plain already).</summary>
    public SparseMatrix Unpacked()
    {
        if (packed is null)
        {
            return this;
        }

        var plainIndices = new int[packed.Length];
        var plainValues = new float[packed.Length];
        for (var e = 0; e < packed.Length; e++)
        {
            plainIndices[e] = ColumnOf(packed[e]);
            plainValues[e] = ValueOf(packed[e]);
        }

        return new SparseMatrix(Columns, RowStart, plainIndices, plainValues);
    }

    /// <summary>The chosen rows, in the given order, as a new matrix in the plain layout.</summary>
    public SparseMatrix SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var starts = new int[rows.Count + 1];
        for (var i = 0; i < rows.Count; i++)
        {
            starts[i + 1] = starts[i] + (RowStart[rows[i] + 1] - RowStart[rows[i]]);
        }

        var selectedIndices = new int[starts[^1]];
        var selectedValues = new float[starts[^1]];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = Row(rows[i]);
            for (var t = 0; t < row.Length; t++)
            {
                selectedIndices[starts[i] + t] = row.Column(t);
                selectedValues[starts[i] + t] = row.Value(t);
            }
        }

        return new SparseMatrix(Columns, starts, selectedIndices, selectedValues);
    }

    private static InvalidOperationException PackedError() =>
        new("This sparse matrix is packed: read its rows with Row(i), or call Unpacked() first.");
}

/// <summary>One row of a <see cref="SparseMatrix"/>, in either layout: its non-zeros' columns (ascending) and values.</summary>
public readonly ref struct SparseRow
{
    private readonly ReadOnlySpan<int> indices;
    private readonly ReadOnlySpan<float> values;
    private readonly ReadOnlySpan<uint> packed;
    private readonly bool isPacked;

    public SparseRow(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        this.indices = indices;
        this.values = values;
        Length = indices.Length;
    }

    public SparseRow(ReadOnlySpan<uint> packed)
    {
        this.packed = packed;
        isPacked = true;
        Length = packed.Length;
    }

    public int Length { get; }

    public bool IsPacked => isPacked;

    /// <summary>The packed entries (empty for a plain row).</summary>
    public ReadOnlySpan<uint> Entries => packed;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Column(int t) => isPacked ? SparseMatrix.ColumnOf(packed[t]) : indices[t];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(int t) => isPacked ? SparseMatrix.ValueOf(packed[t]) : values[t];

    /// <summary>Σ value².</summary>
    public double SquaredNorm()
    {
        var sum = 0.0;
        for (var t = 0; t < Length; t++)
        {
            var v = Value(t);
            sum += v * v;
        }

        return sum;
    }
}
