using Tagloop.Core.Annotations;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Tests.Annotations;

public class SpanRegionsTests
{
    [Fact]
    public void Regions_are_stored_sorted_and_merged_and_read_back()
    {
        var stored = SpanRegions.Format([new TextRange(20, 30), new TextRange(0, 5), new TextRange(5, 9), new TextRange(25, 40)]);
        Assert.Equal("[[0,9],[20,40]]", stored);
        Assert.Equal([new TextRange(0, 9), new TextRange(20, 40)], SpanRegions.Parse(stored));
        Assert.Null(SpanRegions.Parse(null));
        Assert.Null(SpanRegions.Format(null));
        Assert.Equal("[]", SpanRegions.Format([]));
        Assert.Empty(SpanRegions.Parse("not json")!);
    }

    [Fact]
    public void Coverage_needs_every_token_inside_one_region()
    {
        const string text = "Ada met Bob. Then rain.";
        var tokens = SpanTokenizer.Tokenize(text);
        Assert.True(SpanRegions.Covers(null, tokens));
        Assert.False(SpanRegions.Covers([new TextRange(0, 12)], tokens));
        Assert.True(SpanRegions.Covers([new TextRange(0, 12), new TextRange(13, text.Length)], tokens));
        // A region ending inside a token does not cover it.
        Assert.False(SpanRegions.Covers([new TextRange(0, 12), new TextRange(13, text.Length - 2)], tokens));
        Assert.True(SpanRegions.Contains([new TextRange(0, 12)], 4, 7));
        Assert.False(SpanRegions.Contains([], 0, 1));
    }
}
