using System.Text;
using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class TextOffsetsTests
{
    // a(0) 😀(1,2) b(3) 𝐀(4,5) c(6): 7 code units, 5 code points.
    private const string Mixed = "a\U0001F600b\U0001D400c";

    [Fact]
    public void BMP_text_has_equal_offsets()
    {
        var text = "na\u00EFve caf\u00E9 \u6771\u4EAC";
        for (var i = 0; i <= text.Length; i++)
        {
            Assert.Equal(i, TextOffsets.ToCodePoints(text, i));
            Assert.Equal(i, TextOffsets.ToUtf16(text, i));
        }

        Assert.Equal(text.Length, TextOffsets.CodePointLength(text));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(6, 4)]
    [InlineData(7, 5)]
    public void Surrogate_pairs_count_as_one_code_point(int utf16, int codePoints)
    {
        Assert.Equal(codePoints, TextOffsets.ToCodePoints(Mixed, utf16));
        Assert.Equal(utf16, TextOffsets.ToUtf16(Mixed, codePoints));
        var map = new OffsetMap(Mixed);
        Assert.Equal(codePoints, map.ToCodePoints(utf16));
        Assert.Equal(utf16, map.ToUtf16(codePoints));
        Assert.Equal(5, map.CodePointLength);
        Assert.Equal(7, map.Utf16Length);
        Assert.Equal(5, TextOffsets.CodePointLength(Mixed));
    }

    [Fact]
    public void A_span_in_Python_code_points_maps_to_the_emoji_and_name_after_it()
    {
        // In Python, "I \U0001F600 Zoë" has "Zoë" at [4, 7) (code points); in C# it is at [5, 8).
        var text = "I \U0001F600 Zo\u00EB";
        Assert.Equal(5, TextOffsets.ToUtf16(text, 4));
        Assert.Equal(8, TextOffsets.ToUtf16(text, 7));
        Assert.Equal("Zo\u00EB", text[5..8]);
        Assert.Equal(4, TextOffsets.ToCodePoints(text, 5));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void An_offset_inside_a_surrogate_pair_is_rejected(int offset)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TextOffsets.ToCodePoints(Mixed, offset));
        Assert.Equal("utf16Offset", error.ParamName);
        Assert.Contains($"offset {offset} ", error.Message, StringComparison.Ordinal);
        Assert.Contains("surrogate pair", error.Message, StringComparison.Ordinal);
        Assert.Contains("7 UTF-16", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OffsetMap(Mixed).ToCodePoints(offset));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(8)]
    public void A_UTF16_offset_out_of_range_is_rejected(int offset)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TextOffsets.ToCodePoints(Mixed, offset));
        Assert.Contains($"offset {offset} is outside a text of 7 UTF-16 code units", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OffsetMap(Mixed).ToCodePoints(offset));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    public void A_code_point_offset_out_of_range_is_rejected(int offset)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TextOffsets.ToUtf16(Mixed, offset));
        Assert.Equal("codePointOffset", error.ParamName);
        Assert.Contains($"offset {offset} is outside a text of 5 code points", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OffsetMap(Mixed).ToUtf16(offset));
        Assert.Throws<ArgumentOutOfRangeException>(() => TextOffsets.ToUtf16(string.Empty, offset));
    }

    [Fact]
    public void Lone_surrogates_count_as_one_code_point_each()
    {
        var text = "a\uD800b\uDC00\uDC00\uD83D";
        Assert.Equal(6, TextOffsets.CodePointLength(text));
        for (var i = 0; i <= text.Length; i++)
        {
            Assert.Equal(i, TextOffsets.ToCodePoints(text, i));
            Assert.Equal(i, TextOffsets.ToUtf16(text, i));
            Assert.Equal(i, new OffsetMap(text).ToUtf16(i));
        }
    }

    [Fact]
    public void The_map_and_the_direct_conversions_agree_with_counting_runes_on_generated_text()
    {
        string[] pieces = ["a", "\u00E9", "\u6771", " ", "\U0001F600", "\U00020000", "\U0001D400", "\uD800", "\uDC00"];
        var random = new Random(11);
        for (var round = 0; round < 200; round++)
        {
            var builder = new StringBuilder();
            var count = random.Next(0, 60);
            for (var k = 0; k < count; k++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            var text = builder.ToString();
            var map = new OffsetMap(text);
            var codePoint = 0;
            var i = 0;
            while (true)
            {
                Assert.Equal(codePoint, TextOffsets.ToCodePoints(text, i));
                Assert.Equal(codePoint, map.ToCodePoints(i));
                Assert.Equal(i, TextOffsets.ToUtf16(text, codePoint));
                Assert.Equal(i, map.ToUtf16(codePoint));
                if (i == text.Length)
                {
                    break;
                }

                var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                if (pair)
                {
                    Assert.Throws<ArgumentOutOfRangeException>(() => map.ToCodePoints(i + 1));
                }

                i += pair ? 2 : 1;
                codePoint++;
            }

            Assert.Equal(codePoint, map.CodePointLength);
            Assert.Equal(codePoint, TextOffsets.CodePointLength(text));
        }
    }
}
