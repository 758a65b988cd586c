using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Encoders;

public sealed class SparseMatrixTests
{
    [Theory]
    [InlineData(0, 1f)]
    [InlineData(262_143, 0.5f)]
    [InlineData(12_345, 0.333333f)]
    [InlineData(7, 1.9990234f)]
    [InlineData(99, 0.0001f)]
    public void A_packed_entry_keeps_its_column_and_its_value_to_11_significant_bits(int column, float value)
    {
        var entry = SparseMatrix.PackEntry(column, value);
        Assert.Equal(column, SparseMatrix.ColumnOf(entry));
        Assert.Equal(value, SparseMatrix.ValueOf(entry), value * 4.9e-4);
        Assert.Equal((float)(Half)value, SparseMatrix.ValueOf(entry));
    }

    [Fact]
    public void Values_below_the_smallest_normal_half_are_kept_as_it_never_as_zero()
    {
        var smallest = MathF.Pow(2, -14);
        Assert.Equal(smallest, SparseMatrix.Quantise(1e-9f));
        Assert.Equal(smallest, SparseMatrix.Quantise(smallest));
    }

    [Theory]
    [InlineData(262_144, 0.5f)]
    [InlineData(-1, 0.5f)]
    [InlineData(3, 0f)]
    [InlineData(3, -0.5f)]
    [InlineData(3, 2f)]
    [InlineData(3, float.NaN)]
    public void What_the_packed_layout_cannot_hold_is_refused(int column, float value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SparseMatrix.PackEntry(column, value));
        Assert.Contains("(0, 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_packed_matrix_reads_as_its_plain_copy_row_by_row_and_selected()
    {
        int[] starts = [0, 2, 2, 5];
        int[] columns = [3, 70_000, 1, 2, 262_000];
        float[] values = [0.25f, 1f, 0.125f, 0.75f, 0.5f];
        var packed = SparseMatrix.FromPacked(1 << 18, starts, [.. columns.Zip(values, SparseMatrix.PackEntry)]);
        var plain = new SparseMatrix(1 << 18, starts, columns, values);
        Assert.True(packed.IsPacked);
        Assert.Throws<InvalidOperationException>(() => packed.Indices);
        Assert.Equal(columns, packed.Unpacked().Indices);
        Assert.Equal(values, packed.Unpacked().Values);
        for (var i = 0; i < 3; i++)
        {
            var a = packed.Row(i);
            var b = plain.Row(i);
            Assert.Equal(b.Length, a.Length);
            for (var t = 0; t < a.Length; t++)
            {
                Assert.Equal(b.Column(t), a.Column(t));
                Assert.Equal(b.Value(t), a.Value(t));
            }

            Assert.Equal(b.SquaredNorm(), a.SquaredNorm());
        }

        var selected = packed.SelectRows([2, 0]);
        Assert.False(selected.IsPacked);
        Assert.Equal([1, 2, 262_000, 3, 70_000], selected.Indices);
        Assert.Equal([0.125f, 0.75f, 0.5f, 0.25f, 1f], selected.Values);
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseMatrix.FromPacked((1 << 18) + 1, [0], []));
    }
}
