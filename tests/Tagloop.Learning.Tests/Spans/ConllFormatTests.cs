using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

/// <summary>CoNLL files written by hand (generated text, no CoNLL-2003 data) read, converted and written back.</summary>
public sealed class ConllFormatTests
{
    // Four columns as in the CoNLL-2003 shared task (token, POS, chunk, IOB1 tag), two documents.
    private const string FourColumns = """
        -DOCSTART- -X- -X- O

        Mara NNP B-NP I-PER
        Quill NNP I-NP I-PER
        Anders NNP I-NP B-PER
        visited VBD B-VP O
        Port NNP B-NP I-LOC
        Ellis NNP I-NP I-LOC
        . . O O

        Tuesday NNP B-NP O

        -DOCSTART- -X- -X- O

        Zentro NNP B-NP I-ORG
        grew VBD B-VP O

        """;

    private static ConllCorpus Read(string text, TagScheme? scheme = null) => ConllFormat.Read(new StringReader(text), scheme);

    [Fact]
    public void Four_column_iob1_file_is_read_into_iob2_sentences_and_documents()
    {
        var corpus = Read(FourColumns);

        Assert.Equal(TagScheme.Iob1, corpus.Scheme);
        Assert.Equal(3, corpus.Sentences.Count);
        var first = corpus.Sentences[0];
        Assert.Equal(["Mara", "Quill", "Anders", "visited", "Port", "Ellis", "."], first.Sentence.Tokens);
        Assert.Equal(["B-PER", "I-PER", "B-PER", "O", "B-LOC", "I-LOC", "O"], first.Sentence.Tags);
        Assert.Equal(3, first.Line);
        Assert.Equal(["NNP", "B-NP"], first.MiddleColumns[0]);
        Assert.Equal([".", "O"], first.MiddleColumns[6]);

        Assert.Equal([0, 0, 1], corpus.Sentences.Select(static s => s.Document));
        Assert.Equal([11, 15], corpus.Sentences.Skip(1).Select(static s => s.Line));
        Assert.Equal(2, corpus.Documents.Count);
        Assert.Equal(2, corpus.Documents[0].Sentences.Count);
        Assert.Equal(["B-ORG", "O"], corpus.Documents[1].Sentences[0].Tags);
    }

    [Fact]
    public void Two_and_three_column_files_are_read_and_a_given_scheme_is_used()
    {
        var two = Read("Ola B-PER\nNorrmann I-PER\nsang O\n\nIn O\nOslo B-LOC\n");
        Assert.Equal(TagScheme.Iob2, two.Scheme);
        Assert.Equal(2, two.Sentences.Count);
        Assert.Empty(two.Sentences[0].MiddleColumns[0]);
        Assert.Single(two.Documents);

        var three = Read("Ola\tNNP\tU-PER\nsang\tVBD\tO\n", TagScheme.Bilou);
        Assert.Equal(["B-PER", "O"], three.Sentences[0].Sentence.Tags);
        Assert.Equal(["NNP"], three.Sentences[0].MiddleColumns[0]);

        // The same IOB1-looking text read as IOB2 gives the same entities: conlleval decodes both alike.
        var asIob2 = Read("Ola I-PER\nNorrmann I-PER\n", TagScheme.Iob2);
        Assert.Equal(TagScheme.Iob2, asIob2.Scheme);
        Assert.Equal(["B-PER", "I-PER"], asIob2.Sentences[0].Sentence.Tags);
    }

    [Fact]
    public void Crlf_line_endings_trailing_blank_lines_and_a_byte_order_mark_are_tolerated()
    {
        var corpus = Read("\uFEFFOla B-PER\r\nsang O\r\n\r\n  \r\nIn O\r\nOslo B-LOC\r\n\r\n\r\n\r\n");
        Assert.Equal(2, corpus.Sentences.Count);
        Assert.Equal("Ola", corpus.Sentences[0].Sentence.Tokens[0]);
        Assert.Equal(["O", "B-LOC"], corpus.Sentences[1].Sentence.Tags);
        Assert.Equal(5, corpus.Sentences[1].Line);
    }

    [Fact]
    public void Documents_are_numbered_from_the_docstart_lines()
    {
        // Sentences before the first -DOCSTART- are document 0; two -DOCSTART- lines in a row give an empty document; a
        // -DOCSTART- directly after a token line still ends the sentence.
        var corpus = Read("A O\n\n-DOCSTART- O\n\n-DOCSTART- O\nB O\n-DOCSTART- O\nC O\n");
        Assert.Equal([0, 2, 3], corpus.Sentences.Select(static s => s.Document));
        Assert.Equal([1, 0, 1, 1], corpus.Documents.Select(static d => d.Sentences.Count));

        Assert.Empty(Read("").Documents);
        Assert.Empty(Read("\n\n").Sentences);
        Assert.Single(Read("-DOCSTART- O\n").Documents);
    }

    [Theory]
    [InlineData("Ola B-PER\nsang\n", 2, "\"sang\" has 1 column")]
    [InlineData("Ola B-PER\nsang a b c O\n", 2, "has 5 column")]
    [InlineData("Ola NNP B-PER\n\nsang O\n", 3, "\"sang O\" has 2 columns but line 1 has 3")]
    [InlineData("Ola B-PER\nsang B_VERB\n", 2, "\"B_VERB\"")]
    [InlineData("Ola B-PER\nsang o\n", 2, "\"o\"")]
    public void Bad_lines_are_reported_with_their_number_and_value(string text, int line, string value)
    {
        var error = Assert.Throws<FormatException>(() => Read(text));
        Assert.StartsWith($"Line {line}", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_outside_a_given_scheme_is_reported_with_its_line()
    {
        var error = Assert.Throws<FormatException>(() => Read("Ola B-PER\nNorrmann L-PER\n", TagScheme.Iob2));
        Assert.StartsWith("Line 2, column 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"L-PER\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streaming_reads_sentences_before_reaching_a_bad_line()
    {
        using var sentences = ConllFormat.ReadSentences(new StringReader("Ola B-PER\n\nsang O\n\nbad\n"), TagScheme.Iob2).GetEnumerator();
        Assert.True(sentences.MoveNext());
        Assert.Equal(["Ola"], sentences.Current.Sentence.Tokens);
        Assert.True(sentences.MoveNext());
        Assert.Equal(3, sentences.Current.Line);
        var error = Assert.Throws<FormatException>(() => sentences.MoveNext());
        Assert.StartsWith("Line 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_iob2_reads_back_to_the_same_sentences_and_documents()
    {
        var corpus = Read(FourColumns);
        var writer = new StringWriter();
        ConllFormat.WriteDocuments(writer, corpus.Documents);
        var text = writer.ToString();
        Assert.StartsWith("-DOCSTART- O\n\nMara B-PER\nQuill I-PER\nAnders B-PER\n", text, StringComparison.Ordinal);
        Assert.EndsWith("Zentro B-ORG\ngrew O\n\n", text, StringComparison.Ordinal);

        var again = Read(text);
        Assert.Equal(TagScheme.Iob2, again.Scheme);
        Assert.Equal(corpus.Documents.Count, again.Documents.Count);
        Assert.Equal(corpus.Sentences.Select(static s => s.Document), again.Sentences.Select(static s => s.Document));
        for (var i = 0; i < corpus.Sentences.Count; i++)
        {
            Assert.Equal(corpus.Sentences[i].Sentence.Tokens, again.Sentences[i].Sentence.Tokens);
            Assert.Equal(corpus.Sentences[i].Sentence.Tags, again.Sentences[i].Sentence.Tags);
        }

        var plain = new StringWriter();
        ConllFormat.Write(plain, again.Sentences.Select(static s => s.Sentence));
        Assert.Equal(text.Replace("-DOCSTART- O\n\n", "", StringComparison.Ordinal), plain.ToString());
    }

    [Fact]
    public void Writing_rejects_what_conll_cannot_hold_before_writing_the_sentence()
    {
        var writer = new StringWriter();
        var space = Assert.Throws<ArgumentException>(() => ConllFormat.Write(writer, [new TaggedSentence(["Ola", "New York"], ["O", "B-LOC"])]));
        Assert.Contains("Sentence 0, token 1", space.Message, StringComparison.Ordinal);
        Assert.Contains("\"New York\"", space.Message, StringComparison.Ordinal);
        Assert.Equal("", writer.ToString());

        var tag = Assert.Throws<ArgumentException>(() => ConllFormat.Write(writer, [new TaggedSentence(["A"], ["O"]), new TaggedSentence(["Ola"], ["U-PER"])]));
        Assert.Contains("Sentence 1, token 0", tag.Message, StringComparison.Ordinal);
        Assert.Equal("A O\n\n", writer.ToString());

        Assert.Throws<ArgumentException>(() => ConllFormat.Write(new StringWriter(), [new TaggedSentence([], [])]));
        Assert.Throws<ArgumentException>(() => ConllFormat.Write(new StringWriter(), [new TaggedSentence(["-DOCSTART-"], ["O"])]));
    }
}
