using System.Globalization;

namespace Tagloop.Learning.Spans;

/// <summary>Finds URLs and e-mail addresses for <see cref="SpanTokenizer"/>: forward scans without backtracking.</summary>
internal static class LinkScanner
{
    /// <summary>The end of a URL starting at <paramref name="start"/>, or -1.</summary>
    public static int ScanUrl(string text, int start)
    {
        if ((text[start] | 0x20) is not ('h' or 'f' or 'w'))
        {
            return -1;
        }

        var rest = text.AsSpan(start);
        var prefix = rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : rest.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase) ? 6
            : rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? 4
            : 0;
        var i = start + prefix;
        if (prefix == 0 || i >= text.Length || SpanCharacters.KindAt(text, i, out _) != CharKind.Word)
        {
            return -1;
        }

        int parens = 0, brackets = 0, braces = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var kind = SpanCharacters.KindAt(text, i, out var width);
            if (kind is CharKind.Separator or CharKind.Single || c is '<' or '>' or '"' or '`' or '\\' or '^' or '|'
                || c is >= '\u3000' and <= '\u303F' || c is >= '\uFF01' and <= '\uFF65'
                || (kind == CharKind.Punctuation && c > 0x7F && char.GetUnicodeCategory(c) is
                    UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation))
            {
                break;
            }

            parens += c == '(' ? 1 : c == ')' ? -1 : 0;
            brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
            braces += c == '{' ? 1 : c == '}' ? -1 : 0;
            i += width;
        }

        while (i > start + prefix)
        {
            var c = text[i - 1];
            if (c is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '*'
                || (c == ')' && parens < 0) || (c == ']' && brackets < 0) || (c == '}' && braces < 0))
            {
                parens += c == ')' ? 1 : 0;
                brackets += c == ']' ? 1 : 0;
                braces += c == '}' ? 1 : 0;
                i--;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>The end of an e-mail address starting at <paramref name="start"/>, or -1; <paramref name="failsBefore"/> bounds where a retry could succeed.</summary>
    public static int ScanEmail(string text, int start, out int failsBefore)
    {
        var i = start;
        while (i < text.Length)
        {
            var kind = SpanCharacters.KindAt(text, i, out var width);
            if (kind is CharKind.Word or CharKind.Mark || text[i] is '.' or '_' or '%' or '+' or '-')
            {
                i += width;
            }
            else
            {
                break;
            }
        }

        failsBefore = i + 1;
        if (i >= text.Length || text[i] != '@' || text[i - 1] == '.')
        {
            return -1;
        }

        var at = i++;
        var lastDot = -1;
        while (i < text.Length)
        {
            var kind = SpanCharacters.KindAt(text, i, out var width);
            if (kind is CharKind.Word or CharKind.Mark || text[i] == '-')
            {
                i += width;
            }
            else if (text[i] == '.' && i + 1 < text.Length && SpanCharacters.KindAt(text, i + 1, out _) == CharKind.Word
                && text[i - 1] != '.' && i > at + 1)
            {
                lastDot = i++;
            }
            else
            {
                break;
            }
        }

        while (i > at && text[i - 1] == '-')
        {
            i--;
        }

        return lastDot > at + 1 && i - lastDot > 2 ? i : -1;
    }
}
