using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

/// <summary>Token/tag JSON Lines read, converted and written back; each error names its line and field.</summary>
public sealed class TokenTagsJsonlTests
{
    private static TokenTagsFile Read(string text, TagScheme? scheme = null) => TokenTagsJsonl.Read(new StringReader(text), scheme);

    [Fact]
    public void Lines_are_read_blank_lines_skipped_other_fields_ignored_and_the_scheme_detected()
    {
        var file = Read("""
            {"id": "a-1", "tokens": ["Ola", "Norrmann", "Nilsen", "sang"], "tags": ["I-PER", "I-PER", "B-PER", "O"]}

            {"tokens": ["In", "Øst", "Oslo"], "tags": ["O", "I-LOC", "I-LOC"], "source": 3}
            """);
        Assert.Equal(TagScheme.Iob1, file.Scheme);
        Assert.Equal(2, file.Sentences.Count);
        Assert.Equal(["B-PER", "I-PER", "B-PER", "O"], file.Sentences[0].Tags);
        Assert.Equal(["In", "Øst", "Oslo"], file.Sentences[1].Tokens);
        Assert.Equal(["O", "B-LOC", "I-LOC"], file.Sentences[1].Tags);
    }

    [Fact]
    public void Bioes_lines_are_converted_and_crlf_is_tolerated()
    {
        var file = Read("{\"tokens\": [\"Ola\", \"sang\", \"i\", \"Oslo\", \"sentrum\"], \"tags\": [\"S-PER\", \"O\", \"O\", \"B-LOC\", \"E-LOC\"]}\r\n\r\n");
        Assert.Equal(TagScheme.Bilou, file.Scheme);
        Assert.Equal(["B-PER", "O", "O", "B-LOC", "I-LOC"], file.Sentences[0].Tags);
    }

    [Theory]
    [InlineData("{\"tags\": [\"O\"]}", "missing field \"tokens\"")]
    [InlineData("{\"tokens\": [\"a\"]}", "missing field \"tags\"")]
    [InlineData("{\"tokens\": \"a b\", \"tags\": [\"O\"]}", "field \"tokens\" is a string")]
    [InlineData("{\"tokens\": [\"a\", 7], \"tags\": [\"O\", \"O\"]}", "tokens[1] is a number (7)")]
    [InlineData("{\"tokens\": [\"a\", \"b\"], \"tags\": [\"O\", null]}", "tags[1] is null")]
    [InlineData("{\"tokens\": [\"a\", \"b\"], \"tags\": [\"O\"]}", "2 tokens but 1 tags")]
    [InlineData("{\"tokens\": [\"a\", \"b\"], \"tags\": [\"O\", \"PER\"]}", "tags[1]: tag \"PER\"")]
    [InlineData("[\"a\", \"O\"]", "an array, not an object")]
    [InlineData("{\"tokens\": [\"a\"], ", "not valid JSON")]
    public void Bad_lines_are_reported_with_their_number_and_field(string bad, string expected)
    {
        var text = "{\"tokens\": [\"a\"], \"tags\": [\"O\"]}\n\n" + bad + "\n";
        var error = Assert.Throws<FormatException>(() => Read(text));
        Assert.StartsWith("Line 3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_outside_a_given_scheme_is_reported()
    {
        var error = Assert.Throws<FormatException>(() => Read("{\"tokens\": [\"a\"], \"tags\": [\"U-PER\"]}", TagScheme.Iob2));
        Assert.StartsWith("Line 1: tags[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"U-PER\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streaming_yields_sentences_before_a_bad_line()
    {
        using var sentences = TokenTagsJsonl.ReadSentences(
            new StringReader("{\"tokens\": [\"a\"], \"tags\": [\"I-X\"]}\n{\"tokens\": []}\n"), TagScheme.Iob1).GetEnumerator();
        Assert.True(sentences.MoveNext());
        Assert.Equal(["B-X"], sentences.Current.Tags);
        var error = Assert.Throws<FormatException>(() => sentences.MoveNext());
        Assert.StartsWith("Line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_lines_read_back_to_the_same_sentences()
    {
        TaggedSentence[] sentences =
        [
            new(["Zoë", "said", "\"hi\"", "in", "New York"], ["B-PER", "O", "O", "O", "B-LOC"]),
            new([], []),
            new(["Acme", "Corp"], ["B-ORG", "I-ORG"]),
        ];
        var writer = new StringWriter();
        TokenTagsJsonl.Write(writer, sentences);
        var text = writer.ToString();
        Assert.StartsWith("{\"tokens\":[\"Zoë\",\"said\",\"\\\"hi\\\"\",\"in\",\"New York\"],\"tags\":[\"B-PER\",\"O\",\"O\",\"O\",\"B-LOC\"]}\n", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Count(static c => c == '\n'));

        var again = Read(text);
        Assert.Equal(TagScheme.Iob2, again.Scheme);
        Assert.Equal(sentences.Length, again.Sentences.Count);
        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.Equal(sentences[i].Tokens, again.Sentences[i].Tokens);
            Assert.Equal(sentences[i].Tags, again.Sentences[i].Tags);
        }

        var error = Assert.Throws<ArgumentException>(() => TokenTagsJsonl.Write(new StringWriter(), [new TaggedSentence(["a"], ["L-X"])]));
        Assert.Contains("Sentence 0, token 0", error.Message, StringComparison.Ordinal);
    }
}
