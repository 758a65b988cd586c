using System.Buffers;
using System.Text;

namespace Tagloop.Core.Import;

/// <summary>
/// Looks at the start of an import file for what is not text at all — an archive, a spreadsheet, a PDF, an image, a
/// program, UTF-16 — so that the person hears that once, in words, instead of a "not valid UTF-8" for every line.
/// Text in a legacy encoding (Latin-1, Windows-1252) is not caught here: its lines are named one by one, with the fix.
/// </summary>
public static class FileSniffer
{
    /// <summary>How much of the file is looked at.</summary>
    public const int HeadBytes = 8 * 1024;

    // Above this share of bytes that are not valid UTF-8, a file without a known signature is binary, not mis-encoded
    // text (accented letters in Latin-1 text are a few per cent of its bytes).
    private const double BinaryShare = 0.1;

    /// <summary>Why the file cannot be text, or null when it may be.</summary>
    public static string? Problem(ReadOnlySpan<byte> head)
    {
        const string Fix = "Tagloop imports CSV, JSON Lines or plain text saved as UTF-8.";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return "The file is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8; in most editors: Save with encoding UTF-8) and import it again.";
        }

        if (Signature(head) is { } kind)
        {
            return $"This is {kind}, not a text file. {Fix}";
        }

        // A stray NUL in text is named with its line, as other bad characters are; binary files are full of them.
        var nuls = head.Count((byte)0);
        if (nuls >= Math.Max(2, head.Length / 100))
        {
            return $"This looks like a binary file (it holds NUL bytes), not text. {Fix}";
        }

        var invalid = InvalidUtf8Bytes(head);
        return head.Length >= 64 && invalid > BinaryShare * head.Length
            ? $"This looks like a binary file ({invalid * 100 / head.Length}% of its first bytes are not text), not text. {Fix}"
            : null;
    }

    /// <summary>
    /// The file's first bytes (what one read gives, up to <see cref="HeadBytes"/>: a file gives them all, an upload what
    /// has arrived, so that a slow one is not held up) for <see cref="Problem"/>, and the file still all there to read.
    /// </summary>
    public static async Task<(byte[] Head, Stream Whole)> ReadHeadAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = new byte[HeadBytes];
        var filled = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        var head = buffer[..filled];
        return (head, new PrefixedStream(head, content));
    }

    private static string? Signature(ReadOnlySpan<byte> head) => head switch
    {
        [0x1F, 0x8B, ..] => "a gzip archive (unpack it first)",
        [0x50, 0x4B, 0x03, 0x04, ..] => "a ZIP archive (an Excel .xlsx or Word .docx file is one too: save the sheet as CSV first)",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "an old Office file (.xls or .doc: save the sheet as CSV first)",
        [0x25, 0x50, 0x44, 0x46, ..] => "a PDF (copy its text out, or export it as text, first)",
        [0x89, 0x50, 0x4E, 0x47, ..] => "a PNG image",
        [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
        [0x7F, 0x45, 0x4C, 0x46, ..] => "a program",
        [0x42, 0x5A, 0x68, ..] => "a bzip2 archive (unpack it first)",
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, ..] => "an xz archive (unpack it first)",
        [0x28, 0xB5, 0x2F, 0xFD, ..] => "a zstd archive (unpack it first)",
        _ when head.StartsWith("SQLite format 3\0"u8) => "an SQLite database",
        _ => null,
    };

    /// <summary>Bytes that belong to no valid UTF-8 sequence (a sequence cut off by the end of the head does not count).</summary>
    private static int InvalidUtf8Bytes(ReadOnlySpan<byte> bytes)
    {
        var invalid = 0;
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status == OperationStatus.NeedMoreData)
            {
                break;
            }

            if (status == OperationStatus.InvalidData)
            {
                invalid += consumed;
            }

            bytes = bytes[consumed..];
        }

        return invalid;
    }

    /// <summary>The bytes already read, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - position);
                prefix.AsSpan(position, n).CopyTo(buffer);
                position += n;
                return n;
            }

            return rest.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - position);
                prefix.AsMemory(position, n).CopyTo(buffer);
                position += n;
                return ValueTask.FromResult(n);
            }

            return rest.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
