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
            // Packed values keep 11 significant bits.
            Assert.Equal(1.0, Math.Sqrt(x.Row(i).SquaredNorm()), 1e-3);
        }

        var single = encoder.Encode(["the aardvark"]);
        var values = single.Unpacked().RowValues(0).ToArray();
        Assert.Equal(3, values.Length); // "the", "aardvark", "the aardvark"
        Assert.True(values.Max() > values.Min() * 1.5);
    }

    [Fact]
    public void The_same_text_always_gets_the_same_features()
    {
        var a = HashedTfidfEncoder.Fit(["Hello World, hello!"]).Encode(["Hello World, hello!"]);
        var b = HashedTfidfEncoder.Fit(["Hello World, hello!"]).Encode(["Hello World, hello!"]);
        Assert.Equal(a.Packed, b.Packed);
    }

    [Fact]
    public void Rows_are_packed_up_to_18_bits_and_plain_beyond_with_the_same_features()
    {
        var corpus = new[] { "the cat sat on the mat", "the dog sat", "a cat ran", "the aardvark slept on a mat" };
        var packed = HashedTfidfEncoder.Fit(corpus, bits: 18).Encode(corpus);
        var plain = HashedTfidfEncoder.Fit(corpus, bits: 19).Encode(corpus);
        Assert.True(packed.IsPacked);
        Assert.False(plain.IsPacked);
        var unpacked = packed.Unpacked();
        for (var i = 0; i < corpus.Length; i++)
        {
            // The same words (their hashes cut to 18 bits) and the same values to 11 significant bits.
            Assert.Equal(plain.RowIndices(i).ToArray().Select(c => c & ((1 << 18) - 1)).Order(), unpacked.RowIndices(i).ToArray().Order());
            var expected = plain.RowValues(i).ToArray().Order().ToArray();
            var actual = unpacked.RowValues(i).ToArray().Order().ToArray();
            for (var t = 0; t < expected.Length; t++)
            {
                Assert.Equal(expected[t], actual[t], expected[t] * 5e-4);
            }
        }
    }
}
