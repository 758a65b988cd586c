using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Sentences_end_at_terminal_marks_followed_by_space_and_a_capital()
    {
        AssertSentences(
            "Mr. Smith went to Washington. He arrived at 3.5 p.m. today! Did he? Yes.",
            "Mr. Smith went to Washington.", "He arrived at 3.5 p.m. today!", "Did he?", "Yes.");
    }

    [Fact]
    public void Abbreviations_and_initials_do_not_end_a_sentence()
    {
        AssertSentences(
            "We met Dr. Jones and J. Smith of the U.S. Army in Jan. Then they left. Fruit, e.g. Apples, i.e. Red ones, etc. Are fine.",
            "We met Dr. Jones and J. Smith of the U.S. Army in Jan. Then they left.",
            "Fruit, e.g. Apples, i.e. Red ones, etc. Are fine.");
    }

    [Fact]
    public void Numbers_do_not_end_a_sentence()
    {
        AssertSentences("It rose 3.5 percent to 1,000.50 dollars. Prices fell.", "It rose 3.5 percent to 1,000.50 dollars.", "Prices fell.");
    }

    [Fact]
    public void Closing_quotes_and_brackets_stay_with_the_sentence_they_close()
    {
        AssertSentences(
            "He said \"Stop.\" Then he left. (It was late.) Next day came?! \u201CNo.\u201D Done.",
            "He said \"Stop.\"", "Then he left.", "(It was late.)", "Next day came?!", "\u201CNo.\u201D", "Done.");
    }

    [Fact]
    public void A_lower_case_word_or_no_space_after_the_mark_continues_the_sentence()
    {
        AssertSentences("\"Why?\" he asked. Fine.", "\"Why?\" he asked.", "Fine.");
        AssertSentences("Hello!World is one. Wait... What now?", "Hello!World is one.", "Wait...", "What now?");
    }

    [Fact]
    public void Blank_lines_always_end_a_unit_and_single_line_breaks_do_not()
    {
        AssertSentences(
            "First line\nstill the same\n\nA heading without a stop\r\n \r\nThird\u2029Fourth",
            "First line\nstill the same", "A heading without a stop", "Third", "Fourth");
    }

    [Fact]
    public void CJK_terminal_marks_end_a_sentence_without_a_space()
    {
        AssertSentences(
            "\u4ECA\u65E5\u306F\u6674\u308C\u3002\u660E\u65E5\u306F\u96E8\uFF01\u672C\u5F53\uFF1F\u300C\u306F\u3044\u3002\u300D\u7D42",
            "\u4ECA\u65E5\u306F\u6674\u308C\u3002", "\u660E\u65E5\u306F\u96E8\uFF01", "\u672C\u5F53\uFF1F", "\u300C\u306F\u3044\u3002\u300D", "\u7D42");
    }

    [Fact]
    public void Paragraph_mode_splits_at_blank_lines_only()
    {
        var text = "One. Two.\n\nThree. Four.\n";
        var units = SentenceSplitter.SplitParagraphs(text, SpanTokenizer.Tokenize(text));
        Assert.Equal(["One. Two.", "Three. Four."], units.Select(u => text[u.Start..u.End]));
    }

    [Fact]
    public void Ranges_are_document_offsets_with_whitespace_trimmed()
    {
        var text = "  Hello there.  \n Bye \U0001F600.\t";
        Assert.Equal([(2, 14), (18, 25)], SentenceSplitter.Split(text));
        Assert.Empty(SentenceSplitter.Split(string.Empty));
        Assert.Empty(SentenceSplitter.Split(" \n\n\u200B "));
    }

    [Fact]
    public void A_long_sentence_is_cut_at_the_limit_or_after_a_comma_near_it()
    {
        var plain = "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9";
        AssertSentences(plain, 4, "w0 w1 w2 w3", "w4 w5 w6 w7", "w8 w9");

        // Eight tokens at most: the comma (token 6) lies in the last quarter of the first eight, so the cut follows it.
        AssertSentences("a b c d e f , g h i j", 8, "a b c d e f ,", "g h i j");

        // A comma too early is not used.
        AssertSentences("a , b c d e f g h i j", 8, "a , b c d e f g", "h i j");
    }

    [Fact]
    public void No_unit_exceeds_the_default_limit_and_units_cover_every_token_in_order()
    {
        var random = new Random(7);
        var words = Enumerable.Range(0, 1500).Select(i => random.Next(10) == 0 ? "," : $"w{i}");
        var text = string.Join(' ', words) + ". Short one. " + string.Join(' ', Enumerable.Range(0, 450).Select(i => $"X{i}"));
        var tokens = SpanTokenizer.Tokenize(text);
        var units = SentenceSplitter.Split(text, tokens);
        var next = 0;
        foreach (var (start, end) in units)
        {
            var range = SpanSnapping.TokenRange(tokens, start, end)!.Value;
            Assert.Equal(next, range.First);
            Assert.InRange(range.End - range.First, 1, SentenceSplitter.DefaultMaxTokens);
            Assert.Equal(start, tokens[range.First].Start);
            Assert.Equal(end, tokens[range.End - 1].End);
            next = range.End;
        }

        Assert.Equal(tokens.Count, next);
        Assert.Contains("Short one.", units.Select(u => text[u.Start..u.End]).ToArray());
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SentenceSplitter.Split("a b", 0));
        var error = Assert.Throws<ArgumentException>(() => SentenceSplitter.Split("ab", [new Token(0, 5)]));
        Assert.Equal("tokens", error.ParamName);
    }

    private static void AssertSentences(string text, params string[] expected) =>
        AssertSentences(text, SentenceSplitter.DefaultMaxTokens, expected);

    private static void AssertSentences(string text, int maxTokens, params string[] expected)
    {
        var units = SentenceSplitter.Split(text, maxTokens);
        Assert.Equal(expected, units.Select(u => text[u.Start..u.End]).ToArray());
    }
}
