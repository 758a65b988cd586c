using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Encoders;

public sealed class QuantisedRowsTests
{
    [Fact]
    public void Each_value_reads_back_within_half_a_step_and_a_zero_row_stays_zero()
    {
        var rows = new QuantisedRows(3, 4);
        rows.Set(0, [0.5f, -0.25f, 0.01f, -0.5f]);
        rows.Set(1, [0f, 0f, 0f, 0f]);
        rows.Set(2, [1e-30f, -3f, 2f, 0f]);
        var row = new float[4];
        rows.Row(0, row);
        Assert.Equal([0.5f, -0.25f, 0.01f, -0.5f], row, (a, b) => Math.Abs(a - b) <= 0.5f / 127 / 2 * 1.0001f);
        rows.Row(1, row);
        Assert.Equal([0f, 0f, 0f, 0f], row);
        rows.Row(2, row);
        Assert.Equal(-3f, row[1]);
        Assert.Equal(2f, row[2], 3f / 127 / 2);
        Assert.Throws<ArgumentException>(() => rows.Set(0, [float.NaN, 0f, 0f, 0f]));
    }

    [Fact]
    public void The_quantised_projection_keeps_the_cosines_of_the_single_precision_one()
    {
        var texts = Enumerable.Range(0, 300).Select(i => $"document {i % 17} about topic {i % 5} and words {i * 7 % 23} here").ToList();
        var x = HashedTfidfEncoder.Fit(texts).Encode(texts);
        var exact = new float[x.Rows * 64];
        RandomProjection.Project(x, 64, exact);
        var quantised = RandomProjection.ProjectQuantised(x, 64);
        var (a, b) = (new float[64], new float[64]);
        for (var i = 0; i < 299; i++)
        {
            quantised.Row(i, a);
            quantised.Row(i + 1, b);
            var cosine = TensorPrimitives.Dot(exact.AsSpan(i * 64, 64), exact.AsSpan((i + 1) * 64, 64));
            Assert.Equal(cosine, TensorPrimitives.Dot<float>(a, b), 0.01f);
        }
    }
}
