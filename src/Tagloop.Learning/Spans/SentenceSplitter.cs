using System.Globalization;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Splits a document into sentences (or paragraphs) as UTF-16 ranges [Start, End) of the document, each starting at its
/// first token and ending at its last, so whitespace at the ends is never inside.
/// </summary>
/// <remarks>
/// Rules, over the tokens of <see cref="SpanTokenizer"/>:
/// <list type="bullet">
/// <item>A blank line (two or more line breaks between tokens, or a paragraph separator) always ends a unit; a single line break does not,
/// since wrapped text has one inside sentences.</item>
/// <item>A sentence ends after a token of "." "!" "?" "…" or a run of dots, with any terminal marks, closing quotes and
/// closing brackets written right after it, when whitespace follows and the next token does not start with a lower-case letter.
/// After the CJK forms 。！？ it ends whatever follows, since CJK text has no spaces.</item>
/// <item>An abbreviation's dot ("Mr.", "U.S.", "e.g.", "etc.", "J."), and a dot inside a number ("3.5"), are inside a token, so they
/// never end a sentence; the price is that a sentence ending in an abbreviation runs on into the next.</item>
/// <item>A unit longer than the token limit is cut into pieces of at most that many tokens, after a comma, semicolon, colon or dash
/// in the last quarter of the piece if there is one, else at the limit.</item>
/// </list>
/// </remarks>
public static class SentenceSplitter
{
    private const string SoftBreaks = ",;:\u2013\u2014\uFF0C\u3001\uFF1B\uFF1A";

    /// <summary>The most tokens a unit holds unless the caller says otherwise.</summary>
    public const int DefaultMaxTokens = 200;

    /// <summary>Tokenises <paramref name="text"/> with <see cref="SpanTokenizer"/> and splits it into sentences.</summary>
    public static IReadOnlyList<(int Start, int End)> Split(string text, int maxTokens = DefaultMaxTokens) =>
        Split(text, SpanTokenizer.Tokenize(text), maxTokens);

    /// <summary>The sentences of <paramref name="text"/>, given its <paramref name="tokens"/>, each of at most <paramref name="maxTokens"/> tokens.</summary>
    public static IReadOnlyList<(int Start, int End)> Split(string text, IReadOnlyList<Token> tokens, int maxTokens = DefaultMaxTokens) =>
        SplitUnits(text, tokens, maxTokens, sentences: true);

    /// <summary>The paragraphs of <paramref name="text"/> (split at blank lines only), each of at most <paramref name="maxTokens"/> tokens.</summary>
    public static IReadOnlyList<(int Start, int End)> SplitParagraphs(string text, IReadOnlyList<Token> tokens, int maxTokens = DefaultMaxTokens) =>
        SplitUnits(text, tokens, maxTokens, sentences: false);

    private static List<(int Start, int End)> SplitUnits(string text, IReadOnlyList<Token> tokens, int maxTokens, bool sentences)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        if (tokens.Count > 0 && (tokens[^1].End > text.Length || tokens[0].Start < 0))
        {
            throw new ArgumentException(
                $"The tokens run from {tokens[0].Start} to {tokens[^1].End}, outside a text of {text.Length} UTF-16 code units.", nameof(tokens));
        }

        var units = new List<(int Start, int End)>();
        var first = 0;
        for (var t = 0; t < tokens.Count; t++)
        {
            if (t > first && IsBlankLine(text, tokens[t - 1].End, tokens[t].Start))
            {
                Add(units, text, tokens, first, t, maxTokens);
                first = t;
            }

            if (sentences && EndsSentence(text, tokens, t, out var last))
            {
                Add(units, text, tokens, first, last + 1, maxTokens);
                first = last + 1;
                t = last;
            }
        }

        Add(units, text, tokens, first, tokens.Count, maxTokens);
        return units;
    }

    /// <summary>Adds the unit of tokens [first, stop), cut into pieces of at most <paramref name="maxTokens"/> tokens.</summary>
    private static void Add(List<(int Start, int End)> units, string text, IReadOnlyList<Token> tokens, int first, int stop, int maxTokens)
    {
        while (stop - first > maxTokens)
        {
            var cut = first + maxTokens;
            for (var k = cut - 1; k > first && k >= cut - Math.Max(1, maxTokens / 4); k--)
            {
                if (tokens[k].Length == 1 && SoftBreaks.Contains(text[tokens[k].Start]))
                {
                    cut = k + 1;
                    break;
                }
            }

            units.Add((tokens[first].Start, tokens[cut - 1].End));
            first = cut;
        }

        if (stop > first)
        {
            units.Add((tokens[first].Start, tokens[stop - 1].End));
        }
    }

    /// <summary>
    /// Whether a sentence ends after token <paramref name="t"/>; if so <paramref name="last"/> is its last token, past the
    /// terminal marks, closing quotes and brackets written right after <paramref name="t"/>.
    /// </summary>
    private static bool EndsSentence(string text, IReadOnlyList<Token> tokens, int t, out int last)
    {
        last = t;
        var terminal = Terminal(text, tokens[t]);
        if (terminal == TerminalKind.None)
        {
            return false;
        }

        var cjk = terminal == TerminalKind.Cjk;
        while (last + 1 < tokens.Count && tokens[last + 1].Start == tokens[last].End)
        {
            var next = Terminal(text, tokens[last + 1]);
            if (next == TerminalKind.None && !IsClosing(text, tokens[last + 1]))
            {
                break;
            }

            cjk |= next == TerminalKind.Cjk;
            last++;
        }

        if (last + 1 >= tokens.Count || cjk)
        {
            return true;
        }

        var following = tokens[last + 1];
        if (following.Start == tokens[last].End)
        {
            return false;
        }

        SpanCharacters.Read(text, following.Start, out var codePoint);
        var category = codePoint <= 0xFFFF ? char.GetUnicodeCategory((char)codePoint) : CharUnicodeInfo.GetUnicodeCategory(codePoint);
        return category != UnicodeCategory.LowercaseLetter;
    }

    private enum TerminalKind
    {
        None,
        Latin,
        Cjk,
    }

    private static TerminalKind Terminal(string text, Token token)
    {
        var span = token.Span(text);
        if (span.Length == 1)
        {
            return span[0] switch
            {
                '.' or '!' or '?' or '\u2026' or '\u203C' or '\u2047' or '\u2048' or '\u2049' => TerminalKind.Latin,
                '\u3002' or '\uFF01' or '\uFF1F' or '\uFF61' => TerminalKind.Cjk,
                _ => TerminalKind.None,
            };
        }

        return span.Length > 1 && !span.ContainsAnyExcept('.') ? TerminalKind.Latin : TerminalKind.None;
    }

    /// <summary>Whether the token is a quote or closing bracket (which may follow a sentence's final mark).</summary>
    private static bool IsClosing(string text, Token token)
    {
        if (token.Length != 1)
        {
            return false;
        }

        var c = text[token.Start];
        return c is '"' or '\'' || char.GetUnicodeCategory(c) is UnicodeCategory.ClosePunctuation or UnicodeCategory.FinalQuotePunctuation;
    }

    /// <summary>Whether the gap [from, to) between two tokens holds a blank line.</summary>
    private static bool IsBlankLine(string text, int from, int to)
    {
        var breaks = 0;
        for (var i = from; i < to; i++)
        {
            switch (text[i])
            {
                case '\n':
                case '\u0085':
                case '\u2028':
                    breaks++;
                    break;
                case '\r':
                    breaks += i + 1 < to && text[i + 1] == '\n' ? 0 : 1;
                    break;
                case '\f':
                case '\u2029':
                    breaks += 2;
                    break;
            }

            if (breaks >= 2)
            {
                return true;
            }
        }

        return false;
    }
}
