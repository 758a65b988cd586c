using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

/// <summary>Tag schemes decoded, encoded and detected by hand-worked cases, ill-formed ones as conlleval reads them.</summary>
public sealed class TagSchemeTests
{
    private static string[] Tags(string text) => text.Split(' ');

    [Fact]
    public void Iob1_with_adjacent_same_type_entities_converts_to_iob2_and_back()
    {
        // IOB1: B- only where a PER directly follows a PER; every other entity starts with I-.
        var iob1 = Tags("I-PER I-PER B-PER O I-LOC I-ORG I-ORG");
        var spans = TagSchemes.Decode(iob1, TagScheme.Iob1);
        Assert.Equal(
            [new TokenSpan(0, 2, "PER"), new TokenSpan(2, 3, "PER"), new TokenSpan(4, 5, "LOC"), new TokenSpan(5, 7, "ORG")],
            spans);
        Assert.Equal(Tags("B-PER I-PER B-PER O B-LOC B-ORG I-ORG"), TagSchemes.ToIob2(iob1, TagScheme.Iob1));
        Assert.Equal(iob1, TagSchemes.Encode(iob1.Length, spans, TagScheme.Iob1));
    }

    [Fact]
    public void Iob2_converts_to_iob1_with_b_only_between_same_type_neighbours()
    {
        var iob2 = Tags("B-PER I-PER B-PER B-LOC O B-LOC B-MISC I-MISC");
        var spans = TagSchemes.Decode(iob2, TagScheme.Iob2);
        Assert.Equal(Tags("I-PER I-PER B-PER I-LOC O I-LOC I-MISC I-MISC"), TagSchemes.Encode(iob2.Length, spans, TagScheme.Iob1));
        Assert.Equal(iob2, TagSchemes.EncodeIob2(iob2.Length, spans));
    }

    [Fact]
    public void Bilou_and_bioes_decode_to_the_same_entities()
    {
        TokenSpan[] expected = [new(0, 2, "PER"), new(2, 3, "LOC"), new(4, 7, "ORG"), new(7, 8, "ORG")];
        var bilou = Tags("B-PER L-PER U-LOC O B-ORG I-ORG L-ORG U-ORG");
        var bioes = Tags("B-PER E-PER S-LOC O B-ORG I-ORG E-ORG S-ORG");
        Assert.Equal(expected, TagSchemes.Decode(bilou, TagScheme.Bilou));
        Assert.Equal(expected, TagSchemes.Decode(bioes, TagScheme.Bilou));
        Assert.Equal(bilou, TagSchemes.Encode(8, expected, TagScheme.Bilou));
        Assert.Equal(Tags("B-PER I-PER B-LOC O B-ORG I-ORG I-ORG B-ORG"), TagSchemes.ToIob2(bioes, TagScheme.Bilou));
    }

    [Theory]
    // conlleval: an I- after O, at the start or after another type starts an entity; B- always starts one.
    [InlineData("O I-PER I-PER O", "1-3 PER")]
    [InlineData("I-PER O", "0-1 PER")]
    [InlineData("B-PER I-LOC I-LOC", "0-1 PER|1-3 LOC")]
    [InlineData("B-PER B-PER I-PER", "0-1 PER|1-3 PER")]
    [InlineData("I-PER I-ORG B-ORG", "0-1 PER|1-2 ORG|2-3 ORG")]
    [InlineData("O O", "")]
    public void Ill_formed_iob_sequences_decode_as_conlleval_does(string tags, string expected)
    {
        Assert.Equal(Parse(expected), TagSchemes.Decode(Tags(tags), TagScheme.Iob2));
        Assert.Equal(Parse(expected), TagSchemes.Decode(Tags(tags), TagScheme.Iob1));
    }

    [Theory]
    // A missing L- ends the entity at the next boundary; a lone L-/I- starts one; U- after B- stands alone.
    [InlineData("B-PER I-PER O", "0-2 PER")]
    [InlineData("B-PER I-PER", "0-2 PER")]
    [InlineData("B-PER L-ORG", "0-1 PER|1-2 ORG")]
    [InlineData("O L-PER", "1-2 PER")]
    [InlineData("L-PER L-PER", "0-1 PER|1-2 PER")]
    [InlineData("E-PER I-PER E-PER", "0-1 PER|1-3 PER")]
    [InlineData("U-PER I-PER", "0-1 PER|1-2 PER")]
    [InlineData("B-PER U-PER L-PER", "0-1 PER|1-2 PER|2-3 PER")]
    [InlineData("B-PER S-PER", "0-1 PER|1-2 PER")]
    public void Ill_formed_bilou_sequences_lose_no_token(string tags, string expected)
    {
        Assert.Equal(Parse(expected), TagSchemes.Decode(Tags(tags), TagScheme.Bilou));
    }

    [Fact]
    public void Decoding_rejects_a_tag_the_scheme_does_not_use_and_names_it()
    {
        var error = Assert.Throws<ArgumentException>(() => TagSchemes.Decode(Tags("B-PER U-LOC"), TagScheme.Iob2));
        Assert.Contains("Tag 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"U-LOC\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Iob2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("B_PER")]
    [InlineData("b-PER")]
    [InlineData("B-")]
    [InlineData("X-PER")]
    [InlineData("B-NEW YORK")]
    [InlineData("PER")]
    [InlineData("o")]
    [InlineData("")]
    public void Invalid_tags_are_rejected_with_the_tag_in_the_message(string tag)
    {
        Assert.False(TagSchemes.IsValid(tag));
        var error = Assert.Throws<ArgumentException>(() => TagSchemes.Validate(tag));
        Assert.Contains($"\"{tag}\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("O")]
    [InlineData("B-PER")]
    [InlineData("I-ORG-GOV")]
    [InlineData("U-X")]
    [InlineData("S-LOC")]
    public void Valid_tags_pass(string tag)
    {
        Assert.True(TagSchemes.IsValid(tag));
        TagSchemes.Validate(tag);
        TagSchemes.Validate(tag, TagScheme.Bilou);
    }

    [Fact]
    public void Encoding_rejects_overlapping_empty_and_out_of_range_spans_naming_them()
    {
        var overlap = Assert.Throws<ArgumentException>(() => TagSchemes.EncodeIob2(5, [new(0, 2, "PER"), new(1, 3, "LOC")]));
        Assert.Contains("[1, 3) \"LOC\"", overlap.Message, StringComparison.Ordinal);
        Assert.Contains("[0, 2) \"PER\"", overlap.Message, StringComparison.Ordinal);

        var outside = Assert.Throws<ArgumentException>(() => TagSchemes.EncodeIob2(3, [new(2, 4, "PER")]));
        Assert.Contains("[2, 4) \"PER\"", outside.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TagSchemes.EncodeIob2(3, [new(-1, 1, "PER")]));
        Assert.Throws<ArgumentException>(() => TagSchemes.EncodeIob2(3, [new(1, 1, "PER")]));
        Assert.Throws<ArgumentException>(() => TagSchemes.EncodeIob2(3, [new(0, 1, "NEW YORK")]));

        // Touching spans are fine, in any order.
        Assert.Equal(Tags("B-LOC B-PER I-PER O"), TagSchemes.EncodeIob2(4, [new(1, 3, "PER"), new(0, 1, "LOC")]));
        Assert.Empty(TagSchemes.EncodeIob2(0, []));
    }

    [Theory]
    [InlineData("B-PER I-PER O B-LOC", TagScheme.Iob2)]
    [InlineData("O O O", TagScheme.Iob2)]
    [InlineData("I-PER I-PER O I-LOC", TagScheme.Iob1)]
    [InlineData("I-PER B-PER O I-LOC", TagScheme.Iob1)]
    [InlineData("O B-PER I-PER O I-LOC", TagScheme.Iob2)]
    [InlineData("B-PER L-PER O", TagScheme.Bilou)]
    [InlineData("O S-PER", TagScheme.Bilou)]
    [InlineData("I-PER E-PER", TagScheme.Bilou)]
    public void Detection_guesses_the_scheme_of_a_sequence(string tags, TagScheme expected)
    {
        Assert.Equal(expected, TagSchemes.Detect(Tags(tags)));
    }

    [Fact]
    public void Detection_over_sentences_treats_each_sentence_start_as_a_fresh_start()
    {
        // Two sentences start with I- and two with B- (after nothing): a tie, so IOB2. Joined into one sequence, the second
        // I-PER would continue the first's entity and the B-PERs would look like IOB1's separators: IOB1.
        string[][] sentences = [Tags("I-PER"), Tags("I-PER"), Tags("B-PER"), Tags("B-PER")];
        Assert.Equal(TagScheme.Iob2, TagSchemes.Detect(sentences));
        Assert.Equal(TagScheme.Iob1, TagSchemes.Detect(sentences.SelectMany(static s => s)));
        string[][] iob2 = [Tags("O B-PER"), Tags("B-PER I-PER")];
        Assert.Equal(TagScheme.Iob2, TagSchemes.Detect(iob2));
        Assert.Throws<ArgumentException>(() => TagSchemes.Detect(Tags("O B_PER")));
    }

    private static TokenSpan[] Parse(string spans)
    {
        return spans.Length == 0
            ? []
            : [.. spans.Split('|').Select(static s =>
            {
                var parts = s.Split(' ', '-');
                return new TokenSpan(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]);
            })];
    }
}
