using System.Globalization;

namespace Tagloop.Learning.Spans;

/// <summary>What a code point is to the span tokenizer.</summary>
internal enum CharKind : byte
{
    /// <summary>Whitespace, control and invisible format characters: they separate tokens and belong to none.</summary>
    Separator,

    /// <summary>Letters and numbers of scripts that put spaces between words: they group into words.</summary>
    Word,

    /// <summary>Combining marks, variation selectors, emoji modifiers, ZWJ/ZWNJ, soft hyphen: they stay with what precedes them.</summary>
    Mark,

    /// <summary>Letters of scripts written without spaces (CJK ideographs, kana, Thai, Lao): one token each.</summary>
    Single,

    /// <summary>Punctuation: one token each.</summary>
    Punctuation,

    /// <summary>Symbols, emoji, private-use, unassigned code points and lone surrogates: one token each (with their modifiers).</summary>
    Symbol,
}

/// <summary>Reads code points from UTF-16 text and classifies them for <see cref="SpanTokenizer"/>; no allocation.</summary>
internal static class SpanCharacters
{
    private static readonly CharKind[] Ascii = BuildAscii();

    /// <summary>The code point at <paramref name="index"/> and the code units it takes (2 for a valid surrogate pair, else 1; a lone surrogate is read as itself).</summary>
    public static int Read(string text, int index, out int codePoint)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            codePoint = char.ConvertToUtf32(c, text[index + 1]);
            return 2;
        }

        codePoint = c;
        return 1;
    }

    /// <summary>The kind of the code point at <paramref name="index"/>, and its width in code units.</summary>
    public static CharKind KindAt(string text, int index, out int width)
    {
        var c = text[index];
        if (c < 0x80)
        {
            width = 1;
            return Ascii[c];
        }

        width = Read(text, index, out var codePoint);
        return Classify(codePoint);
    }

    /// <summary>Whether the code unit at <paramref name="index"/> separates tokens (whitespace of any kind, controls, invisible format characters).</summary>
    public static bool IsSeparatorAt(string text, int index) => KindAt(text, index, out _) == CharKind.Separator;

    public static CharKind Classify(int codePoint)
    {
        if (codePoint < 0x80)
        {
            return Ascii[codePoint];
        }

        switch (codePoint)
        {
            case 0x200B or 0x2060 or 0xFEFF: // zero-width space, word joiner, byte-order mark: invisible
                return CharKind.Separator;
            case 0x00AD or 0x200C or 0x200D: // soft hyphen, ZWNJ, ZWJ: inside words and emoji sequences
            case >= 0x1F3FB and <= 0x1F3FF: // emoji skin-tone modifiers
            case >= 0xE0020 and <= 0xE007F: // tag characters (subdivision flags)
                return CharKind.Mark;
        }

        UnicodeCategory category;
        if (codePoint <= 0xFFFF)
        {
            var c = (char)codePoint;
            if (char.IsWhiteSpace(c))
            {
                return CharKind.Separator;
            }

            category = char.GetUnicodeCategory(c);
        }
        else
        {
            category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        }

        switch (category)
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.LetterNumber:
                return IsUnspacedScript(codePoint) ? CharKind.Single : CharKind.Word;
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.OtherNumber:
                return CharKind.Word;
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
                return CharKind.Mark;
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
                return CharKind.Separator;
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.DashPunctuation:
            case UnicodeCategory.OpenPunctuation:
            case UnicodeCategory.ClosePunctuation:
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
            case UnicodeCategory.OtherPunctuation:
                return CharKind.Punctuation;
            default:
                return CharKind.Symbol;
        }
    }

    /// <summary>Whether the code point is a letter of a script written without spaces between words, tokenised one character at a time.</summary>
    private static bool IsUnspacedScript(int cp) =>
        cp is (>= 0x0E00 and <= 0x0EFF) // Thai, Lao
            or (>= 0x2E80 and <= 0x2FDF) // CJK radicals, Kangxi radicals
            or (>= 0x3005 and <= 0x3007) // 々 〆 〇
            or (>= 0x3021 and <= 0x3029) // Hangzhou numerals
            or (>= 0x3031 and <= 0x303C) // kana repeat marks, 〻 〼
            or (>= 0x3040 and <= 0x31FF) // Hiragana, Katakana, Bopomofo, Katakana extensions
            or (>= 0x3400 and <= 0x4DBF) // CJK Extension A
            or (>= 0x4E00 and <= 0x9FFF) // CJK Unified Ideographs
            or (>= 0xF900 and <= 0xFAFF) // CJK Compatibility Ideographs
            or (>= 0xFF66 and <= 0xFF9F) // half-width Katakana
            or (>= 0x1B000 and <= 0x1B16F) // kana supplement and extensions
            or (>= 0x20000 and <= 0x3FFFF); // CJK Extensions B and later, compatibility supplement

    private static CharKind[] BuildAscii()
    {
        var kinds = new CharKind[0x80];
        for (var c = 0; c < kinds.Length; c++)
        {
            kinds[c] = char.IsAsciiLetterOrDigit((char)c) ? CharKind.Word
                : c <= 0x20 || c == 0x7F ? CharKind.Separator
                : char.IsPunctuation((char)c) ? CharKind.Punctuation
                : CharKind.Symbol;
        }

        return kinds;
    }
}
