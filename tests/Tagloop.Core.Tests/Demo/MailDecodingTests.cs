using System.Text;
using Tagloop.Core.Demo;

namespace Tagloop.Core.Tests.Demo;

/// <summary>Mails whose charset, structure or escaping lies, as the SpamAssassin corpus has them.</summary>
public sealed class MailDecodingTests
{
    [Fact]
    public void A_gb2312_part_is_read_as_gb2312()
    {
        // "中文" in GB2312. Before the fix, MimeKit had cached GB2312 as unknown and the part came out as Windows-1252.
        byte[] raw = [.. "Subject: Hi\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n"u8, 0xD6, 0xD0, 0xCE, 0xC4, .. "\r\n"u8];
        Assert.Equal("Hi\n\n中文", Decode(raw));
    }

    [Fact]
    public void Windows_font_charset_names_and_html_meta_charsets_are_understood()
    {
        byte[] big5 = [0xA4, 0xA4, 0xA4, 0xE5]; // "中文" in Big5
        Assert.Equal("中文", Decode([.. "Content-Type: text/plain; charset=CHINESEBIG5\r\n\r\n"u8, .. big5]));
        Assert.Equal("中文", Decode([.. "Content-Type: text/html\r\n\r\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"></head><body>"u8, .. big5, .. "</body></html>"u8]));
    }

    [Fact]
    public void Utf8_under_a_latin1_label_is_read_as_utf8()
    {
        Assert.Equal("Price\n\n£31.95 or 30 €", Decode(Encoding.UTF8.GetBytes("Subject: Price\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n£31.95 or 30 €\r\n")));
    }

    [Fact]
    public void Latin1_bytes_without_a_charset_are_read_as_windows_1252()
    {
        byte[] raw = [.. "Subject: x\r\n\r\nCaf"u8, 0xE9, .. " "u8, 0x93, .. "ok"u8, 0x94, .. "\r\n"u8];
        Assert.Equal("x\n\nCafé “ok”", Decode(raw));
    }

    [Fact]
    public void An_8bit_subject_is_read_in_the_charset_of_its_body()
    {
        byte[] raw = [.. "Subject: "u8, 0xD6, 0xD0, 0xCE, 0xC4, .. "\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n"u8, 0xD6, 0xD0, .. "\r\n"u8];
        Assert.Equal("中文\n\n中", Decode(raw));
    }

    [Fact]
    public void Utf8_read_as_windows_1252_upstream_is_read_again()
    {
        Assert.Equal("x\n\nIt’s a café", Decode(Encoding.UTF8.GetBytes("Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nItâ€™s a cafÃ©\r\n")));
    }

    [Fact]
    public void Html_entities_in_a_plain_part_and_a_plain_part_that_is_an_html_page_are_decoded()
    {
        Assert.Equal("x\n\n“Quoted” — & more", Decode("Subject: x\r\nContent-Type: text/plain\r\n\r\n&#8220;Quoted&#8221; &mdash; &amp; more\r\n"));
        Assert.Equal("y\n\nHello world", Decode("Subject: y\r\n\r\n<html><body><p>Hello&nbsp;<b>world</b></p></body></html>\r\n"));
    }

    [Fact]
    public void Encoded_words_left_in_the_body_are_decoded()
    {
        Assert.Equal("x\n\nFrom: Jørgen Thomsen <a@b>", Decode("Subject: x\r\n\r\nFrom: =?ISO-8859-1?Q?J=F8rgen_Thomsen?= <a@b>\r\n"));
    }

    [Fact]
    public void A_multipart_body_under_a_missing_content_type_is_parsed_as_multipart()
    {
        var text = Decode("""
            Subject: Offer
            MIME-Version: 1.0

            This is a MIME Message

            --b1
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Caf=E9 =3D good
            --b1--
            """.Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal("Offer\n\nCafé = good", text);
    }

    [Fact]
    public void Control_characters_are_dropped()
    {
        Assert.Equal("x\n\nab", Decode("Subject: x\r\n\r\na\u0001\u001bb\r\n"));
    }

    [Fact]
    public void A_part_in_a_multibyte_charset_it_does_not_name_is_refused_with_a_reason()
    {
        var body = new List<byte>();
        for (var i = 0; i < 20; i++)
        {
            body.AddRange([0xB6, 0xE0, 0xC3, 0xBD]); // GB2312 under a Latin-1 label, nothing naming GB2312
        }

        using var stream = new MemoryStream([.. "Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n"u8, .. body]);
        Assert.False(SpamAssassinCorpus.TryDecode(stream, out _, out var reason));
        Assert.Contains("does not name", reason, StringComparison.Ordinal);
    }

    private static string Decode(string message) => Decode(Encoding.UTF8.GetBytes(message));

    private static string Decode(byte[] raw)
    {
        using var stream = new MemoryStream(raw);
        return SpamAssassinCorpus.Decode(stream);
    }
}
