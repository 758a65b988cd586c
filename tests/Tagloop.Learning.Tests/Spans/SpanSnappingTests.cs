using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class SpanSnappingTests
{
    // The(0,3) New(4,7) York-based(8,18) firm(19,23) .(23,24)
    private const string Text = "The New York-based firm.";

    private static readonly IReadOnlyList<Token> Tokens = SpanTokenizer.Tokenize(Text);

    [Fact]
    public void The_example_tokenizes_as_the_comments_say() =>
        Assert.Equal([new(0, 3), new(4, 7), new(8, 18), new(19, 23), new(23, 24)], Tokens);

    [Theory]
    [InlineData(5, 10, 4, 18)] // cuts "New" and "York-based": both covered whole
    [InlineData(3, 8, 4, 7)] // " New " loses its spaces
    [InlineData(0, 24, 0, 24)]
    [InlineData(22, 23, 19, 23)]
    [InlineData(23, 30, 23, 24)] // beyond the text: only the tokens count
    public void A_range_snaps_to_the_tokens_it_touches(int start, int end, int snappedStart, int snappedEnd) =>
        Assert.Equal((snappedStart, snappedEnd), SpanSnapping.Snap(Tokens, start, end));

    [Theory]
    [InlineData(3, 4)] // a space
    [InlineData(5, 5)] // empty, inside a token
    [InlineData(24, 24)]
    [InlineData(40, 50)]
    public void A_range_covering_no_token_snaps_to_nothing(int start, int end)
    {
        Assert.Null(SpanSnapping.Snap(Tokens, start, end));
        Assert.Null(SpanSnapping.TokenRange(Tokens, start, end));
    }

    [Fact]
    public void Token_ranges_are_half_open_index_ranges()
    {
        Assert.Equal((1, 3), SpanSnapping.TokenRange(Tokens, 5, 10));
        Assert.Equal((0, 5), SpanSnapping.TokenRange(Tokens, 0, 24));
        Assert.Equal((4, 5), SpanSnapping.TokenRange(Tokens, 23, 24));
        Assert.Null(SpanSnapping.TokenRange([], 0, 3));
    }

    [Fact]
    public void Bad_ranges_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpanSnapping.Snap(Tokens, -1, 3));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SpanSnapping.TokenRange(Tokens, 5, 4));
        Assert.Contains("4", error.Message, StringComparison.Ordinal);
    }
}
