using System.Collections.Frozen;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Splits a document into tokens for entity tagging, keeping each token's UTF-16 offsets into the document.
/// </summary>
/// <remarks>
/// A hand-written scanner over code points, in one linear pass with bounded look-ahead and no allocation per character.
/// Conventions (close to CoNLL/Penn Treebank):
/// <list type="bullet">
/// <item>Whitespace of any kind, control characters and invisible format characters (zero-width space, BOM, bidi marks) separate tokens and belong to none.</item>
/// <item>Letters and digits of any script group into words with their combining marks; CJK ideographs, kana, Thai and Lao letters are one token each.</item>
/// <item>Inside a word: "-", "_" and "&amp;" between word characters, "." between word characters ("U.S", "ex.com", "3.5"),
/// and "," ":" "/" between digits ("1,000.50", "12:30", "1/2") join; so "Hewlett-Packard" and "2024-05-01" are one token and
/// "New York-based" is "New" "York-based". En and em dashes never join.</item>
/// <item>A word's final "." joins it when the word is an abbreviation: initials ("U.S.", "e.g."), a single capital ("J."), a known
/// abbreviation ("Mr.", "etc.", "Inc."), or "No."/"p."/"pp."/"Vol." before a number; but not "I." (the pronoun ends sentences).</item>
/// <item>English clitics split off: "don't" → "do" "n't", "John's" → "John" "'s" ('s 're 've 'll 'd 'm n't), with ' or ’;
/// an apostrophe between letters otherwise joins ("O'Neil").</item>
/// <item>URLs (http://, https://, ftp://, www.) and e-mail addresses are one token, less trailing sentence punctuation and unbalanced closing brackets.</item>
/// <item>Other punctuation and symbols are one token each ("3.5%" → "3.5" "%", "$100" → "$" "100"), but a run of dots is one token ("...").
/// A symbol keeps its modifiers and ZWJ sequence (one emoji is one token); two regional indicators (a flag) are one token.</item>
/// <item>A number's sign or leading dot is its own token ("-5" → "-" "5").</item>
/// </list>
/// </remarks>
public static class SpanTokenizer
{
    private static readonly FrozenSet<string> Abbreviations = FrozenSet.Create(
        StringComparer.Ordinal,
        "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Rev", "Hon", "Gen", "Gov", "Sen", "Rep", "Pres",
        "Lt", "Col", "Capt", "Cpt", "Sgt", "Maj", "Cmdr", "Adm", "Fr", "Sra", "Mme", "Mlle",
        "Inc", "Ltd", "Co", "Corp", "Bros", "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "etc", "vs", "cf", "al", "approx", "ca", "viz", "Ph.D", "Ph.d");

    private static readonly FrozenSet<string> NumberAbbreviations = FrozenSet.Create(
        StringComparer.Ordinal, "No", "no", "Nos", "Nr", "p", "pp", "Vol", "vol", "Art", "Fig", "fig", "Ch", "ch");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup =
        Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NumberAbbreviationLookup =
        NumberAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The tokens of <paramref name="text"/>, in order, non-overlapping, none empty and none containing whitespace.</summary>
    public static IReadOnlyList<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(Math.Min(text.Length / 4, 1 << 20) + 4);
        Tokenize(text, tokens);
        return tokens;
    }

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/> (so a caller can reuse one list).</summary>
    public static void Tokenize(string text, List<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        var n = text.Length;
        var i = 0;
        var emailFailsBefore = 0; // every e-mail scan starting before this position fails: keeps the look-ahead linear
        while (i < n)
        {
            var kind = SpanCharacters.KindAt(text, i, out var width);
            switch (kind)
            {
                case CharKind.Separator:
                    i += width;
                    break;
                case CharKind.Word:
                case CharKind.Mark:
                    var end = kind == CharKind.Word ? LinkScanner.ScanUrl(text, i) : -1;
                    if (end < 0 && kind == CharKind.Word && i >= emailFailsBefore)
                    {
                        end = LinkScanner.ScanEmail(text, i, out emailFailsBefore);
                    }

                    if (end > 0)
                    {
                        tokens.Add(new Token(i, end));
                        i = end;
                    }
                    else
                    {
                        i = ScanWord(text, i, tokens);
                    }

                    break;
                case CharKind.Single:
                    tokens.Add(new Token(i, i = SkipMarks(text, i + width)));
                    break;
                case CharKind.Punctuation:
                    var stop = i + width;
                    if (text[i] is '\'' or '\u2019' && tokens.Count > 0 && tokens[^1].End == i
                        && (text[i - 1] == '.' || SpanCharacters.KindAt(text, i - 1, out _) is CharKind.Word or CharKind.Mark))
                    {
                        // A clitic after a token the word scanner did not end itself: "I.B.M.'s", "name@ex.com's".
                        var clitic = CliticLength(text, i + 1);
                        stop = clitic > 0 && EndsWord(text, i + 1 + clitic) ? i + 1 + clitic : stop;
                    }
                    else if (text[i] == '.')
                    {
                        while (stop < n && text[stop] == '.')
                        {
                            stop++;
                        }
                    }

                    tokens.Add(new Token(i, i = SkipMarks(text, stop)));
                    break;
                default:
                    tokens.Add(new Token(i, i = ScanSymbol(text, i, width)));
                    break;
            }
        }
    }

    /// <summary>Scans a word from <paramref name="start"/>, adds it (and a clitic split off it) to <paramref name="tokens"/>, and returns where the next token may start.</summary>
    private static int ScanWord(string text, int start, List<Token> tokens)
    {
        var n = text.Length;
        var i = start;
        var prev = CharKind.Mark; // kind of the last base character (Word) seen, Mark before any
        var prevIsDigit = false;
        var prevIsLetter = false;
        var segmentLetters = 0; // for initials: word characters since the last joining dot
        var segmentIsLetters = true;
        var initialsOnly = true; // every dot-separated segment so far is one letter
        var dots = 0;
        while (i < n)
        {
            var c = text[i];
            var kind = SpanCharacters.KindAt(text, i, out var width);
            if (kind == CharKind.Word)
            {
                prevIsDigit = char.IsDigit(c) || (width == 2 && char.IsDigit(text, i));
                prevIsLetter = !prevIsDigit && (width == 1 ? char.IsLetter(c) : char.IsLetter(text, i));
                segmentLetters++;
                segmentIsLetters &= prevIsLetter;
                prev = kind;
                i += width;
                continue;
            }

            if (kind == CharKind.Mark)
            {
                i += width;
                continue;
            }

            if (kind != CharKind.Punctuation || prev != CharKind.Word || i + 1 >= n)
            {
                break;
            }

            var nextIsWord = SpanCharacters.KindAt(text, i + 1, out _) == CharKind.Word;
            if (c is '\'' or '\u2019')
            {
                if (TryClitic(text, start, i, tokens, out var next))
                {
                    return next;
                }

                if (!nextIsWord || !prevIsLetter)
                {
                    break;
                }

                initialsOnly = false;
            }
            else if (c == '.' && nextIsWord)
            {
                initialsOnly &= segmentLetters == 1 && segmentIsLetters;
                segmentLetters = 0;
                segmentIsLetters = true;
                dots++;
            }
            else if ((c is ',' or ':' or '/' && prevIsDigit && char.IsDigit(text, i + 1))
                || (c is '-' or '_' or '\u2010' or '\u2011' && nextIsWord)
                || (c == '&' && prevIsLetter && nextIsWord && char.IsLetter(text, i + 1)))
            {
                initialsOnly = false;
            }
            else
            {
                break;
            }

            i++;
            prev = CharKind.Mark; // a joiner must be followed by a word character, which resets this
        }

        if (i < n && text[i] == '.' && (i + 1 >= n || text[i + 1] != '.')
            && IsAbbreviation(text, start, i, dots > 0 && initialsOnly && segmentLetters == 1 && segmentIsLetters))
        {
            i++;
        }

        tokens.Add(new Token(start, i));
        return i;
    }

    /// <summary>Whether the word [start, dot) followed by the "." at <paramref name="dot"/> is an abbreviation that keeps its dot.</summary>
    private static bool IsAbbreviation(string text, int start, int dot, bool initials)
    {
        if (initials)
        {
            return true;
        }

        var word = text.AsSpan(start, dot - start);
        if (word.Length == 1 && char.IsUpper(word[0]) && word[0] != 'I') // "I." ends a sentence more often than it is an initial
        {
            return true;
        }

        if (word.Length > 6)
        {
            return false;
        }

        if (AbbreviationLookup.Contains(word))
        {
            return true;
        }

        if (!NumberAbbreviationLookup.Contains(word))
        {
            return false;
        }

        var j = dot + 1;
        while (j < text.Length && (text[j] == ' ' || text[j] == '\u00A0'))
        {
            j++;
        }

        return j > dot + 1 && j < text.Length && char.IsAsciiDigit(text[j]);
    }

    /// <summary>At an apostrophe <paramref name="apostrophe"/> inside the word from <paramref name="start"/>: splits off "n't" or a clitic ('s 're 've 'll 'd 'm) that ends the word.</summary>
    private static bool TryClitic(string text, int start, int apostrophe, List<Token> tokens, out int next)
    {
        next = 0;
        var after = apostrophe + 1;
        if (after < text.Length && (text[after] | 0x20) == 't' && apostrophe - 1 > start && (text[apostrophe - 1] | 0x20) == 'n'
            && EndsWord(text, after + 1))
        {
            tokens.Add(new Token(start, apostrophe - 1));
            tokens.Add(new Token(apostrophe - 1, next = after + 1));
            return true;
        }

        var length = CliticLength(text, after);
        if (length == 0 || !EndsWord(text, after + length))
        {
            return false;
        }

        tokens.Add(new Token(start, apostrophe));
        tokens.Add(new Token(apostrophe, next = after + length));
        return true;
    }

    private static int CliticLength(string text, int i)
    {
        if (i >= text.Length)
        {
            return 0;
        }

        var first = text[i] | 0x20;
        if (first is 's' or 'd' or 'm')
        {
            return 1;
        }

        if (i + 1 >= text.Length)
        {
            return 0;
        }

        var second = text[i + 1] | 0x20;
        return (first, second) is ('r', 'e') or ('v', 'e') or ('l', 'l') ? 2 : 0;
    }

    private static bool EndsWord(string text, int i) =>
        i >= text.Length || SpanCharacters.KindAt(text, i, out _) is not (CharKind.Word or CharKind.Mark);

    /// <summary>Moves past combining marks, variation selectors and modifiers from <paramref name="i"/>.</summary>
    private static int SkipMarks(string text, int i)
    {
        while (i < text.Length && SpanCharacters.KindAt(text, i, out var width) == CharKind.Mark)
        {
            i += width;
        }

        return i;
    }

    /// <summary>The end of the symbol at <paramref name="start"/>: its modifiers, a ZWJ sequence of further symbols, or a second regional indicator.</summary>
    private static int ScanSymbol(string text, int start, int width)
    {
        SpanCharacters.Read(text, start, out var first);
        var i = start + width;
        if (first is >= 0x1F1E6 and <= 0x1F1FF && i + 1 < text.Length
            && SpanCharacters.Read(text, i, out var second) == 2 && second is >= 0x1F1E6 and <= 0x1F1FF)
        {
            return i + 2;
        }

        while (true)
        {
            var marksStart = i;
            while (i < text.Length && SpanCharacters.KindAt(text, i, out var w) == CharKind.Mark)
            {
                i += w;
            }

            // A ZWJ ends the marks just read; join the next symbol after it.
            if (i > marksStart && text[i - 1] == '\u200D' && i < text.Length
                && SpanCharacters.KindAt(text, i, out var next) == CharKind.Symbol)
            {
                i += next;
                continue;
            }

            return i;
        }
    }
}
