using System.Globalization;
using System.Text;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Text as keyword rules see it, the same for terms and documents: every run of white space is one space, and the
/// folded form is lower-cased culture-invariantly, rune by rune (so letters outside the Basic Multilingual Plane fold
/// too), with the Greek final sigma folded to σ. The folded and the original forms have the same length, so a match
/// found in one is at the same offsets in the other.
/// <para>
/// Word characters are those of .NET's <c>\w</c> (letters, combining marks, decimal digits, connector punctuation),
/// except the letters of scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer,
/// Myanmar): each of those stands for a word on its own, as BERT's tokeniser treats CJK characters, so a keyword in
/// those scripts matches wherever its characters occur.
/// </para>
/// </summary>
internal static class RuleText
{
    private static readonly bool[] AsciiSpace = [.. Enumerable.Range(0, 128).Select(c => char.IsWhiteSpace((char)c))];

    /// <summary>
    /// Writes <paramref name="text"/> normalised into <paramref name="folded"/> and, unless it is empty,
    /// <paramref name="original"/> (both at least <c>text.Length</c> long); returns the normalised length.
    /// </summary>
    public static int Normalise(ReadOnlySpan<char> text, Span<char> folded, Span<char> original)
    {
        var keep = !original.IsEmpty;
        var n = 0;
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128)
            {
                if (AsciiSpace[c])
                {
                    if (!space)
                    {
                        folded[n] = ' ';
                        if (keep)
                        {
                            original[n] = ' ';
                        }

                        n++;
                        space = true;
                    }

                    continue;
                }

                folded[n] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (!space)
                {
                    folded[n] = ' ';
                    if (keep)
                    {
                        original[n] = ' ';
                    }

                    n++;
                    space = true;
                }

                continue;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var lower = Rune.ToLowerInvariant(new Rune(c, text[i + 1]));
                if (lower.Utf16SequenceLength == 2)
                {
                    lower.EncodeToUtf16(folded[n..]);
                }
                else
                {
                    folded[n] = c;
                    folded[n + 1] = text[i + 1];
                }

                if (keep)
                {
                    original[n] = c;
                    original[n + 1] = text[i + 1];
                }

                n += 2;
                i++;
                space = false;
                continue;
            }
            else
            {
                // A lone surrogate is kept as it is (ToLowerInvariant leaves it unchanged).
                var f = char.ToLowerInvariant(c);
                folded[n] = f == 'ς' ? 'σ' : f;
            }

            if (keep)
            {
                original[n] = c;
            }

            n++;
            space = false;
        }

        return n;
    }

    /// <summary>The normalised folded form of a short string (a term), or its normalised original form.</summary>
    public static string Normalise(string text, bool fold)
    {
        var folded = new char[text.Length];
        var original = new char[text.Length];
        var n = Normalise(text, folded, original);
        return new string((fold ? folded : original).AsSpan(0, n));
    }

    /// <summary>Whether <paramref name="rune"/> continues a word: a word character of a script written with spaces.</summary>
    public static bool IsJoining(Rune rune)
    {
        var v = rune.Value;
        if (v < 128)
        {
            return v is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
        }

        if (IsUnspaced(v))
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.ConnectorPunctuation => true,
            _ => false,
        };
    }

    /// <summary>Whether the character before offset <paramref name="start"/> of <paramref name="text"/> continues a word.</summary>
    public static bool JoinsBefore(ReadOnlySpan<char> text, int start)
    {
        if (start <= 0)
        {
            return false;
        }

        var c = text[start - 1];
        if (char.IsLowSurrogate(c))
        {
            return start >= 2 && char.IsHighSurrogate(text[start - 2]) && IsJoining(new Rune(text[start - 2], c));
        }

        return !char.IsSurrogate(c) && IsJoining(new Rune(c));
    }

    /// <summary>Whether the character at offset <paramref name="end"/> of <paramref name="text"/> continues a word.</summary>
    public static bool JoinsAfter(ReadOnlySpan<char> text, int end)
    {
        if (end >= text.Length)
        {
            return false;
        }

        var c = text[end];
        if (char.IsHighSurrogate(c))
        {
            return end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) && IsJoining(new Rune(c, text[end + 1]));
        }

        return !char.IsSurrogate(c) && IsJoining(new Rune(c));
    }

    /// <summary>Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, Hiragana, Katakana, Han.</summary>
    private static bool IsUnspaced(int v) =>
        v is (>= 0x0E00 and <= 0x0EFF) or (>= 0x1000 and <= 0x109F) or (>= 0x1780 and <= 0x17FF)
            or (>= 0x3040 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF66 and <= 0xFF9F)
            or (>= 0x20000 and <= 0x323AF);
}
