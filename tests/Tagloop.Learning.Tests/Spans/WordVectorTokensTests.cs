using Tagloop.Learning.Encoders;
using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class WordVectorTokensTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"tagloop-vectors-{Guid.NewGuid():N}.vec");

    public void Dispose() => File.Delete(path);

    [Fact]
    public void Tokens_are_looked_up_in_lower_case_and_unknown_ones_get_no_vector()
    {
        WordVectors.Write(path, ["paris", "rome"], [[1f, 2f, 3f], [4f, 5f, 6f]]);
        using var vectors = WordVectors.Open(path);
        var tokens = new WordVectorTokens(vectors);
        Assert.Equal(3, tokens.Dimension);

        var row = new float[3];
        Assert.True(tokens.TryCopy("PARIS", row));
        Assert.Equal([1f, 2f, 3f], row);
        Assert.True(tokens.TryCopy("Rome", row));
        Assert.Equal([4f, 5f, 6f], row);

        var untouched = new[] { 9f, 9f, 9f };
        Assert.False(tokens.TryCopy("Kandor", untouched));
        Assert.Equal([9f, 9f, 9f], untouched);

        // Case kept when asked: the lower-case vocabulary then has no "Paris".
        Assert.False(new WordVectorTokens(vectors, lowerCase: false).TryCopy("Paris", row));
    }
}
