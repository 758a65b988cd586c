using System.Text;
using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class SpanTokenizerTests
{
    [Theory]
    [InlineData("Visit https://ex.com/a?b=1.", "Visit", "https://ex.com/a?b=1", ".")]
    [InlineData("(see www.example.org/path)", "(", "see", "www.example.org/path", ")")]
    [InlineData("Docs: http://en.wikipedia.org/wiki/Foo_(bar), ok", "Docs", ":", "http://en.wikipedia.org/wiki/Foo_(bar)", ",", "ok")]
    [InlineData("Go to HTTPS://EX.COM/x!", "Go", "to", "HTTPS://EX.COM/x", "!")]
    [InlineData("\"ftp://files.ex.com/a.txt\";", "\"", "ftp://files.ex.com/a.txt", "\"", ";")]
    [InlineData("http:// alone", "http", ":", "/", "/", "alone")]
    public void Urls_are_one_token_without_trailing_sentence_punctuation(string text, params string[] expected) =>
        AssertTokens(text, expected);

    [Theory]
    [InlineData("Mail jane.doe+tag@mail.example.co.uk.", "Mail", "jane.doe+tag@mail.example.co.uk", ".")]
    [InlineData("Write to <bob_1@ex.org>", "Write", "to", "<", "bob_1@ex.org", ">")]
    [InlineData("a@b is no address", "a", "@", "b", "is", "no", "address")]
    [InlineData("@handle and x@y.z", "@", "handle", "and", "x", "@", "y.z")]
    public void Email_addresses_are_one_token(string text, params string[] expected) => AssertTokens(text, expected);

    [Theory]
    [InlineData("It cost 1,000.50 dollars", "It", "cost", "1,000.50", "dollars")]
    [InlineData("3.5% of $100", "3.5", "%", "of", "$", "100")]
    [InlineData("At 12:30 on 2024-05-01.", "At", "12:30", "on", "2024-05-01", ".")]
    [InlineData("Pages 10-20, 1/2 cup", "Pages", "10-20", ",", "1/2", "cup")]
    [InlineData("-5 and .5", "-", "5", "and", ".", "5")]
    [InlineData("In 2024. Then 3,4", "In", "2024", ".", "Then", "3,4")]
    [InlineData("a,b 1, 2 x:y", "a", ",", "b", "1", ",", "2", "x", ":", "y")]
    public void Numbers_keep_their_separators_and_decimals(string text, params string[] expected) => AssertTokens(text, expected);

    [Theory]
    [InlineData("A state-of-the-art Hewlett-Packard printer", "A", "state-of-the-art", "Hewlett-Packard", "printer")]
    [InlineData("the New York-based firm", "the", "New", "York-based", "firm")]
    [InlineData("well -- done - ok-", "well", "-", "-", "done", "-", "ok", "-")]
    [InlineData("1990\u20132000 AT&T R&D", "1990", "\u2013", "2000", "AT&T", "R&D")]
    [InlineData("snake_case co\u2011operate", "snake_case", "co\u2011operate")]
    public void Intra_word_hyphens_join_like_CoNLL(string text, params string[] expected) => AssertTokens(text, expected);

    [Theory]
    [InlineData("I don't know", "I", "do", "n't", "know")]
    [InlineData("John's car", "John", "'s", "car")]
    [InlineData("O'Neil won't CAN'T", "O'Neil", "wo", "n't", "CA", "N'T")]
    [InlineData("Don\u2019t touch Mary\u2019s cat", "Do", "n\u2019t", "touch", "Mary", "\u2019s", "cat")]
    [InlineData("They're, I'll, we've, I'd, I'm", "They", "'re", ",", "I", "'ll", ",", "we", "'ve", ",", "I", "'d", ",", "I", "'m")]
    [InlineData("the students' books", "the", "students", "'", "books")]
    [InlineData("'Hello', she said", "'", "Hello", "'", ",", "she", "said")]
    [InlineData("rock'n'roll O'Neil's the 90's", "rock'n'roll", "O'Neil", "'s", "the", "90", "'s")]
    [InlineData("\u2018Quoted\u2019 l\u2019homme", "\u2018", "Quoted", "\u2019", "l\u2019homme")]
    [InlineData("I.B.M.'s site ex.com's a@ex.com\u2019s 'tis", "I.B.M.", "'s", "site", "ex.com", "'s", "a@ex.com", "\u2019s", "'", "tis")]
    public void English_clitics_split_off_and_other_apostrophes_stay(string text, params string[] expected) =>
        AssertTokens(text, expected);

    [Theory]
    [InlineData("Mr. Smith met Dr. Jones in the U.S. on Jan. 5", "Mr.", "Smith", "met", "Dr.", "Jones", "in", "the", "U.S.", "on", "Jan.", "5")]
    [InlineData("fruit, e.g. apples, i.e. red ones, etc.", "fruit", ",", "e.g.", "apples", ",", "i.e.", "red", "ones", ",", "etc.")]
    [InlineData("J. R. R. Tolkien", "J.", "R.", "R.", "Tolkien")]
    [InlineData("So did I. Ph.D. at 9 a.m.", "So", "did", "I", ".", "Ph.D.", "at", "9", "a.m.")]
    [InlineData("See No. 5 and p. 12.", "See", "No.", "5", "and", "p.", "12", ".")]
    [InlineData("He said no. The p. End", "He", "said", "no", ".", "The", "p", ".", "End")]
    [InlineData("Wait... what? Go to ex.com.", "Wait", "...", "what", "?", "Go", "to", "ex.com", ".")]
    [InlineData("etc... and U.S.A. and 3.5.", "etc", "...", "and", "U.S.A.", "and", "3.5", ".")]
    public void Abbreviations_keep_their_dot(string text, params string[] expected) => AssertTokens(text, expected);

    [Theory]
    [InlineData("Hello, world! (Yes) \"q\" [a]; b: c?", "Hello", ",", "world", "!", "(", "Yes", ")", "\"", "q", "\"", "[", "a", "]", ";", "b", ":", "c", "?")]
    [InlineData("a+b=c #tag ~x", "a", "+", "b", "=", "c", "#", "tag", "~", "x")]
    public void Punctuation_and_symbols_are_one_token_each(string text, params string[] expected) => AssertTokens(text, expected);

    [Theory]
    [InlineData("\u041C\u043E\u0441\u043A\u0432\u0430 \u2014 \u0441\u0442\u043E\u043B\u0438\u0446\u0430.", "\u041C\u043E\u0441\u043A\u0432\u0430", "\u2014", "\u0441\u0442\u043E\u043B\u0438\u0446\u0430", ".")]
    [InlineData("\u0391\u03B8\u03AE\u03BD\u03B1, \u0395\u03BB\u03BB\u03AC\u03B4\u03B1", "\u0391\u03B8\u03AE\u03BD\u03B1", ",", "\u0395\u03BB\u03BB\u03AC\u03B4\u03B1")]
    [InlineData("\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645", "\u0645\u0631\u062D\u0628\u0627", "\u0628\u0627\u0644\u0639\u0627\u0644\u0645")]
    [InlineData("\u0928\u092E\u0938\u094D\u0924\u0947 \u0926\u0941\u0928\u093F\u092F\u093E\u0964", "\u0928\u092E\u0938\u094D\u0924\u0947", "\u0926\u0941\u0928\u093F\u092F\u093E", "\u0964")]
    [InlineData("\u6771\u4EAC\u30BF\u30EF\u30FC\u3078\u884C\u304F\u3002", "\u6771", "\u4EAC", "\u30BF", "\u30EF", "\u30FC", "\u3078", "\u884C", "\u304F", "\u3002")]
    [InlineData("\u0E01\u0E48\u0E2D\u0E19", "\u0E01\u0E48", "\u0E2D", "\u0E19")]
    [InlineData("\uC11C\uC6B8 \uD2B9\uBCC4\uC2DC", "\uC11C\uC6B8", "\uD2B9\uBCC4\uC2DC")]
    [InlineData("iPhone\u4E2D\u56FD caf\u0065\u0301", "iPhone", "\u4E2D", "\u56FD", "caf\u0065\u0301")]
    public void Letters_of_any_script_group_into_words_and_CJK_is_one_token_per_character(string text, params string[] expected) =>
        AssertTokens(text, expected);

    [Fact]
    public void Characters_outside_the_BMP_are_never_split()
    {
        AssertTokens("I \u2764\uFE0F NY \U0001F600!", "I", "\u2764\uFE0F", "NY", "\U0001F600", "!");
        AssertTokens("\U0001D400\U0001D401\U0001D402 math", "\U0001D400\U0001D401\U0001D402", "math");
        AssertTokens("\U00020000\U00020001x", "\U00020000", "\U00020001", "x");
        AssertTokens(
            "family \U0001F468\u200D\U0001F469\u200D\U0001F467 flags \U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA",
            "family", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "flags", "\U0001F1EB\U0001F1F7", "\U0001F1E9\U0001F1EA");
        AssertTokens("thumbs \U0001F44D\U0001F3FD up #\uFE0F\u20E3", "thumbs", "\U0001F44D\U0001F3FD", "up", "#\uFE0F\u20E3");
        AssertTokens("\U0001F600\U0001F600", "\U0001F600", "\U0001F600");
    }

    [Fact]
    public void A_lone_surrogate_is_a_token_of_its_own()
    {
        AssertTokens("a\uD800b", "a", "\uD800", "b");
        AssertTokens("\uDC00\uD800 x\uD83D", "\uDC00", "\uD800", "x", "\uD83D");
    }

    [Fact]
    public void Whitespace_of_any_kind_separates_and_is_never_inside_a_token()
    {
        AssertTokens("a\u00A0b\tc\r\nd\u200Be\u3000f\u2028g\uFEFFh\u202Fi", "a", "b", "c", "d", "e", "f", "g", "h", "i");
        AssertTokens(string.Empty);
        AssertTokens(" \t\r\n\u200B\u00A0 ");
        AssertTokens("\u200Bx\u200B", "x");
    }

    [Fact]
    public void Offsets_index_the_whole_document()
    {
        var text = "  Dr. O'Neil's \U0001F600 costs $3.50.";
        var tokens = SpanTokenizer.Tokenize(text);
        Assert.Equal(
            [new(2, 5), new(6, 12), new(12, 14), new(15, 17), new(18, 23), new(24, 25), new(25, 29), new(29, 30)],
            tokens);
        Assert.Equal("\U0001F600", tokens[3].Text(text));
        Assert.Equal("3.50", tokens[6].Span(text).ToString());
        Assert.Equal(4, tokens[6].Length);
    }

    [Fact]
    public void Tokenizing_into_a_list_appends()
    {
        var tokens = new List<Token> { new(0, 1) };
        SpanTokenizer.Tokenize("ab cd", tokens);
        Assert.Equal([new(0, 1), new(0, 2), new(3, 5)], tokens);
    }

    [Fact]
    public void Generated_text_always_gives_ordered_disjoint_whole_tokens_covering_every_visible_character()
    {
        string[] pieces =
        [
            "a", "Z", "word", "7", "1,000.5", " ", "  ", "\u00A0", "\t", "\r\n", "\n\n", "\u200B", "\uFEFF", ".", "...", ",", "!", "?", "'",
            "\u2019", "-", "--", "_", "&", "@", "/", ":", "(", ")", "\"", "$", "%", "http://", "https://x.co/", "www.", "n't", "'s",
            "\u0301", "\u200D", "\uFE0F", "\U0001F3FD", "\u0416\u0438", "\u0928\u094D", "\u6771", "\u30BF", "\u0E01\u0E48",
            "\U0001F600", "\U0001D400", "\U00020000", "\U0001F1EB", "\uD800", "\uDC00", "\u0007", "e.g.", "U.S.", "Mr.", "x@y.com",
        ];
        var random = new Random(20261201);
        var builder = new StringBuilder();
        for (var round = 0; round < 3000; round++)
        {
            builder.Clear();
            var count = random.Next(0, 40);
            for (var k = 0; k < count; k++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            var text = builder.ToString();
            AssertInvariants(text, SpanTokenizer.Tokenize(text));
        }
    }

    [Fact]
    public void Long_inputs_without_spaces_tokenize_whole()
    {
        var text = string.Concat(Enumerable.Repeat("a+a@a.", 20000)) + string.Concat(Enumerable.Repeat("1.", 20000));
        var tokens = SpanTokenizer.Tokenize(text);
        AssertInvariants(text, tokens);
        Assert.Equal("a", tokens[0].Text(text));
        Assert.Equal(["a", "+", "a", "@", "a.a", "+"], tokens.Take(6).Select(t => t.Text(text)));
        Assert.Equal("a." + string.Concat(Enumerable.Repeat("1.", 19999)) + "1", tokens[^2].Text(text));
        Assert.Equal(".", tokens[^1].Text(text));
    }

    private static void AssertInvariants(string text, IReadOnlyList<Token> tokens)
    {
        var covered = new bool[text.Length];
        var previousEnd = 0;
        foreach (var token in tokens)
        {
            Check(token.Start >= previousEnd && token.Start < token.End && token.End <= text.Length, text, $"{token} out of order or empty");
            Check(!(token.Start > 0 && char.IsHighSurrogate(text[token.Start - 1]) && char.IsLowSurrogate(text[token.Start])), text, $"{token} starts inside a pair");
            Check(!(token.End < text.Length && char.IsHighSurrogate(text[token.End - 1]) && char.IsLowSurrogate(text[token.End])), text, $"{token} ends inside a pair");
            for (var i = token.Start; i < token.End; i++)
            {
                Check(!(char.IsWhiteSpace(text[i]) || text[i] is '\u200B' or '\uFEFF'), text, $"whitespace inside {token}");
                covered[i] = true;
            }

            previousEnd = token.End;
        }

        for (var i = 0; i < text.Length; i++)
        {
            Check(covered[i] || SpanCharacters.IsSeparatorAt(text, i), text, $"character {i} not covered");
        }
    }

    private static void Check(bool condition, string text, string what)
    {
        if (!condition)
        {
            Assert.Fail($"{what} in \"{Escape(text)}\"");
        }
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));

    private static void AssertTokens(string text, params string[] expected)
    {
        var tokens = SpanTokenizer.Tokenize(text);
        Assert.Equal(expected, tokens.Select(t => text[t.Start..t.End]).ToArray());
        AssertInvariants(text, tokens);
    }
}
