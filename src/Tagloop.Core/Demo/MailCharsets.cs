using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Tagloop.Core.Demo;

/// <summary>
/// Picks the charset a 2002-era mail part was really written in. Labels lie in both directions: parts declare
/// US-ASCII or Latin-1 and carry Windows-1252 quotes, UTF-8 or GB2312; parts declare nothing, or names no registry
/// knows (<c>GB2312_CHARSET</c>, <c>CHINESEBIG5</c>, <c>default</c>); HTML parts name their charset in a meta tag only.
/// </summary>
internal static partial class MailCharsets
{
    static MailCharsets() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Strict UTF-8: throws on a malformed sequence instead of writing U+FFFD.</summary>
    public static Encoding Utf8Strict { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Windows-1252, the last resort: every byte has a character (0x81, 0x8D, 0x8F, 0x90, 0x9D map to C1 controls).</summary>
    public static Encoding Windows1252 { get; } = Encoding.GetEncoding(1252);

    /// <summary>
    /// The encoding a charset label names, or null for no label or one that names nothing. Windows font-charset names are
    /// understood, and labels are widened as browsers do (WHATWG Encoding): US-ASCII and Latin-1 to Windows-1252, Latin-5
    /// to Windows-1254, TIS-620 to Windows-874.
    /// </summary>
    public static Encoding? Resolve(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var name = label.Trim().Trim('"', '\'').Trim().ToLowerInvariant();
        if (name.EndsWith("_charset", StringComparison.Ordinal))
        {
            name = name[..^"_charset".Length];
        }

        name = name switch
        {
            "chinesebig5" or "big5-hkscs" or "x-x-big5" => "big5",
            "euc-kr" or "hangeul" or "hangul" or "ks_c_5601" or "ksc5601" or "ks_c_5601-1989" => "ks_c_5601-1987",
            "shiftjis" or "x-sjis" or "sjis" => "shift_jis",
            "us-ascii" or "ascii" or "ansi" or "ansi_x3.4-1968" or "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "latin1" or "l1" => "windows-1252",
            "iso-8859-9" or "latin5" => "windows-1254",
            "iso-8859-11" or "tis-620" => "windows-874",
            "gb2312" or "gbk" or "x-gbk" or "chinese" or "cn-gb" or "csgb2312" or "euc-cn" => "gb18030",
            _ => name,
        };
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null; // "default", "unknown-8bit", "x-user-defined" and the like say nothing.
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The charset an HTML part names in a meta tag, if any.</summary>
    public static Encoding? MetaCharset(byte[] html)
    {
        var head = Encoding.Latin1.GetString(html, 0, Math.Min(html.Length, 4096));
        var match = MetaCharsetPattern().Match(head);
        return match.Success ? Resolve(match.Groups["charset"].Value) : null;
    }

    /// <summary>The charsets named by encoded words (<c>=?gb2312?B?…?=</c>) in raw header text.</summary>
    public static IEnumerable<Encoding> EncodedWordCharsets(string rawHeaders) =>
        EncodedWordCharset().Matches(rawHeaders).Select(m => Resolve(m.Groups["charset"].Value)).OfType<Encoding>();

    /// <summary>
    /// The part's text. In order: a declared 7-bit stateful charset (ISO-2022-JP); strict UTF-8, whatever the label says
    /// (text in another charset is almost never valid UTF-8 by accident); the declared multi-byte charset; that charset with its
    /// undecodable sequences dropped, when the bytes come in the runs a multi-byte charset makes; a multi-byte charset the message names elsewhere (meta tag, another part, an encoded word), again when the
    /// bytes come in such runs and decode strictly; the declared single-byte charset; a single-byte hint; Windows-1252.
    /// </summary>
    public static string Decode(byte[] data, Encoding? declared, IEnumerable<Encoding> hints, out Encoding used) =>
        Decode(data, declared, hints, out used, out _);

    /// <summary>
    /// As <see cref="Decode(byte[], Encoding?, IEnumerable{Encoding}, out Encoding)"/>; <paramref name="unknown"/> tells
    /// that the bytes look multi-byte (Chinese, Korean, Thai …) yet the message names no charset that reads them, so the
    /// text came out in Windows-1252 as mojibake.
    /// </summary>
    public static string Decode(byte[] data, Encoding? declared, IEnumerable<Encoding> hints, out Encoding used, out bool unknown)
    {
        unknown = false;
        ArgumentNullException.ThrowIfNull(data);
        var multiByteDeclared = declared is { IsSingleByte: false } && declared.CodePage != Encoding.UTF8.CodePage ? declared : null;
        if (multiByteDeclared is not null && IsSevenBitStateful(multiByteDeclared) && TryStrict(multiByteDeclared, data, out var text))
        {
            used = multiByteDeclared;
            return text;
        }

        if (Utf8.IsValid(data))
        {
            used = Encoding.UTF8;
            return Encoding.UTF8.GetString(data);
        }

        if (multiByteDeclared is not null && TryStrict(multiByteDeclared, data, out text))
        {
            used = multiByteDeclared;
            return text;
        }

        var looksMultiByte = LooksMultiByte(data);
        if (multiByteDeclared is not null && looksMultiByte)
        {
            // A multi-byte text with a stray broken sequence or two: keep the rest, drop what cannot be read.
            used = multiByteDeclared;
            return Encoding.GetEncoding(multiByteDeclared.CodePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("")).GetString(data);
        }

        var hinted = hints.Where(h => h.CodePage != Encoding.UTF8.CodePage).DistinctBy(h => h.CodePage).ToList();
        if (looksMultiByte)
        {
            foreach (var hint in hinted.Where(h => !h.IsSingleByte && !IsSevenBitStateful(h)))
            {
                if (TryStrict(hint, data, out text))
                {
                    used = hint;
                    return text;
                }
            }
        }

        // A Western label (US-ASCII, Latin-1 and Windows-1252 all resolve to 1252) or none says nothing about bytes in runs.
        unknown = looksMultiByte && (declared is null || declared.CodePage == Windows1252.CodePage);
        var singleByte = declared is { IsSingleByte: true } ? declared : hinted.FirstOrDefault(h => h.IsSingleByte);
        if (singleByte is not null && TryStrict(singleByte, data, out text))
        {
            used = singleByte;
            return text;
        }

        used = Windows1252;
        return Windows1252.GetString(data);
    }

    /// <summary>
    /// Whether nearly all bytes above 0x7F stand next to another such byte (or one ASCII trail byte away, as Big5 writes
    /// them), as in GB2312, Big5, EUC-KR or TIS-620 text, where Western text has an accented letter between ASCII ones.
    /// </summary>
    public static bool LooksMultiByte(ReadOnlySpan<byte> data)
    {
        int high = 0, paired = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] < 0x80)
            {
                continue;
            }

            high++;
            // A run of one byte repeated (no-break spaces, 0xFF fill) is not text in any charset.
            if ((i > 0 && data[i - 1] >= 0x80 && data[i - 1] != data[i]) || (i + 1 < data.Length && data[i + 1] >= 0x80 && data[i + 1] != data[i])
                || (i + 2 < data.Length && data[i + 1] is >= 0x40 and <= 0x7E && data[i + 2] >= 0x80))
            {
                paired++;
            }
        }

        // A handful of stray bytes (a Chinese full stop in English text) is not a text in another script.
        return high >= 20 && paired >= high * 0.9;
    }

    public static bool TryStrict(Encoding encoding, byte[] data, out string text)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        try
        {
            text = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(data);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    private static bool IsSevenBitStateful(Encoding encoding) => encoding.CodePage is 50220 or 50221 or 50222 or 50225 or 52936;

    [GeneratedRegex(@"<meta[^>]*?charset\s*=\s*[""']?\s*(?<charset>[A-Za-z0-9_.:-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharsetPattern();

    [GeneratedRegex(@"=\?(?<charset>[^?*\s]+)(?:\*[^?\s]*)?\?[BbQq]\?")]
    private static partial Regex EncodedWordCharset();
}
