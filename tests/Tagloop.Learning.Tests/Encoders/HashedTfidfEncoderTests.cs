using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Encoders;

public sealed class HashedTfidfEncoderTests
{
    [Fact]
    public void Rows_are_unit_length_and_rare_words_weigh_more_than_common_ones()
    {
        var corpus = new[] { "the cat sat", "the dog sat", "the cat ran", "the aardvark slept" };
        var encoder = HashedTfidfEncoder.Fit(corpus, bits: 16);
        var x = encoder.Encode(corpus);
        for (var i = 0; i < x.Rows; i++)
        {
            var norm = Math.Sqrt(x.RowValues(i).ToArray().Sum(v => v * v));
            Assert.Equal(1.0, norm, 1e-5);
        }

        var single = encoder.Encode(["the aardvark"]);
        var values = single.RowValues(0).ToArray();
        Assert.Equal(3, values.Length); // "the", "aardvark", "the aardvark"
        Assert.True(values.Max() > values.Min() * 1.5);
    }

    [Fact]
    public void The_same_text_always_gets_the_same_features()
    {
        var a = HashedTfidfEncoder.Fit(["Hello World, hello!"]).Encode(["Hello World, hello!"]);
        var b = HashedTfidfEncoder.Fit(["Hello World, hello!"]).Encode(["Hello World, hello!"]);
        Assert.Equal(a.Indices, b.Indices);
        Assert.Equal(a.Values, b.Values);
    }
}
