using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit.Utils;

namespace Tagloop.Core.Demo;

/// <summary>Repairs of decoded mail text that the MIME structure does not undo by itself.</summary>
internal static partial class MailTextRepair
{
    /// <summary>
    /// A plain-text part: encoded words left in the body (a header folded across a blank line, a quoted header) decoded;
    /// HTML character references (from tools that escaped text for HTML and sent it as plain) decoded; then <see cref="Extracted"/>.
    /// </summary>
    public static string Plain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = EncodedWords().Replace(text, m => Rfc2047.DecodeText(Encoding.ASCII.GetBytes(m.Value)));
        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(text);
        }

        return Extracted(text);
    }

    /// <summary>Text already decoded from its charset: UTF-8 that was read as Windows-1252 somewhere upstream is read again.</summary>
    public static string Extracted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Mojibake().IsMatch(text) ? DoubleEncodedLine().Replace(text, m => Undouble(m.Value)) : text;
    }

    /// <summary>
    /// A line whose characters, written back as Windows-1252, are strictly valid UTF-8 was UTF-8 read as Windows-1252
    /// ("CafÃ©" → "Café"); anything else (a line with a character outside Windows-1252, or bytes that are not UTF-8) stays.
    /// </summary>
    private static string Undouble(string line)
    {
        if (!Mojibake().IsMatch(line))
        {
            return line;
        }

        byte[] bytes;
        try
        {
            bytes = Windows1252Strict.GetBytes(line);
        }
        catch (EncoderFallbackException)
        {
            return line;
        }

        return MailCharsets.TryStrict(MailCharsets.Utf8Strict, bytes, out var text) ? text : line;
    }

    private static Encoding Windows1252Strict { get; } =
        Encoding.GetEncoding(MailCharsets.Windows1252.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>A lead byte of a UTF-8 sequence (Â … ô) followed by a continuation byte, both as Windows-1252 shows them.</summary>
    [GeneratedRegex("[\u00C2-\u00F4][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201A\u201C-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]")]
    private static partial Regex Mojibake();

    [GeneratedRegex(@"[^\n]+")]
    private static partial Regex DoubleEncodedLine();

    [GeneratedRegex(@"=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=(?:[ \t\r\n]+=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)*")]
    private static partial Regex EncodedWords();
}
