using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Tagloop.Core.Demo;

namespace Tagloop.Core.Tests.Demo;

public sealed class SpamAssassinCorpusTests
{
    [Fact]
    public void A_plain_message_becomes_subject_blank_line_body()
    {
        var text = Decode("""
            From: a@example.org
            Subject: Lunch   tomorrow?
            Content-Type: text/plain; charset=us-ascii

            Are you   free at noon?



            Bye
            """);
        Assert.Equal("Lunch tomorrow?\n\nAre you free at noon?\n\nBye", text);
    }

    [Fact]
    public void Quoted_printable_base64_and_encoded_word_subjects_are_decoded()
    {
        var text = Decode("""
            Subject: =?utf-8?B?Q2Fmw6kgbWVldGluZw==?=
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Caf=E9 at ten, =
            see you.
            --b
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: base64

            QmFjayBsYXRlci4=
            --b
            Content-Type: application/octet-stream; name="x.bin"
            Content-Disposition: attachment; filename="x.bin"
            Content-Transfer-Encoding: base64

            AAEC
            --b--
            """);
        Assert.Equal("Café meeting\n\nCafé at ten, see you.\n\nBack later.", text);
    }

    [Fact]
    public void Multipart_alternative_prefers_the_plain_text_part()
    {
        var text = Decode("""
            Subject: Offer
            Content-Type: multipart/alternative; boundary="x"

            --x
            Content-Type: text/plain

            Plain words
            --x
            Content-Type: text/html

            <p>HTML <b>words</b></p>
            --x--
            """);
        Assert.Equal("Offer\n\nPlain words", text);
    }

    [Fact]
    public void An_html_only_message_is_turned_into_text_without_markup_scripts_or_styles()
    {
        var text = Decode("""
            Subject: WIN
            Content-Type: text/html

            <html><head><title>t</title><style>p { color: red }</style></head>
            <body><p>You &amp; me</p><script>alert(1)</script><div>Click&nbsp;<a href="x">here</a></div></body></html>
            """);
        Assert.Equal("WIN\n\nYou & me\n\nClick here", text);
    }

    [Fact]
    public void Markup_inside_an_iframe_is_turned_into_text_too()
    {
        var text = Decode("""
            Subject: News
            Content-Type: text/html

            <p>Top story</p><iframe><script>var x = 1;</script><b>Inside</b></iframe>
            """);
        Assert.Equal("News\n\nTop story\nInside", text);
    }

    [Fact]
    public void Windows_1252_quotes_in_a_part_that_claims_us_ascii_are_decoded()
    {
        var head = "Subject: Quote\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nIt"u8.ToArray();
        byte[] raw = [.. head, 0x92, .. "s fine\r\n"u8];
        using var stream = new MemoryStream(raw);
        Assert.Equal("Quote\n\nIt\u2019s fine", SpamAssassinCorpus.Decode(stream));
    }

    [Fact]
    public void A_message_without_a_subject_is_just_its_body()
    {
        Assert.Equal("Only a body.", Decode("From: a@b\n\nOnly a body.\n"));
    }

    [Fact]
    public void The_package_tarball_is_read_without_unpacking_and_labelled_by_group()
    {
        var folder = Directory.CreateTempSubdirectory("tagloop-sa-").FullName;
        try
        {
            var path = Path.Combine(folder, "sa.tgz");
            WriteTarball(path, new()
            {
                ["package/package.json"] = "{}",
                ["package/data/spam-1/00001.aaaa.txt"] = "Subject: Buy now\n\nCheap!",
                ["package/data/spam-1/00001.aaaa.json"] = "{\"text\": \"ignored\"}",
                ["package/data/easy-ham-2/00002.bbbb.txt"] = "Subject: Notes\n\nSee attached.",
                ["package/data/hard-ham-1/00003.cccc.txt"] = "Subject: Newsletter\n\nThis week.",
            });

            var messages = SpamAssassinCorpus.Read(path).ToList();
            Assert.Equal(3, messages.Count);
            Assert.Equal(["spam", "ham", "ham"], messages.Select(m => m.Label));
            Assert.Equal("Buy now\n\nCheap!", messages[0].Text);
            Assert.Equal("easy-ham-2/00002.bbbb.txt", messages[1].FileName);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static void WriteTarball(string path, Dictionary<string, string> files)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in files)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }
    }

    private static string Decode(string message)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(message.Replace("\n", "\r\n", StringComparison.Ordinal)));
        return SpamAssassinCorpus.Decode(stream);
    }
}
