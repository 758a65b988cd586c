using System.Buffers;
using System.Text;

namespace Tagloop.Core.Import;

/// <summary>
/// Reads a stream line by line as strict UTF-8 without loading it whole: a line with invalid bytes or one longer
/// than the cap is reported as such (with its number) and reading goes on with the next line. Lines end with \n,
/// \r\n or a lone \r (files saved by classic Mac programs and some spreadsheets).
/// </summary>
internal sealed class Utf8LineReader(Stream stream, int maxLineBytes)
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] buffer = new byte[64 * 1024];
    private byte[] line = ArrayPool<byte>.Shared.Rent(4096);
    private int lineLength;
    private int bufferStart;
    private int bufferEnd;
    private bool endOfStream;
    private bool atStart = true;
    private bool afterCarriageReturn;

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long BytesRead { get; private set; }

    public long LineNumber { get; private set; }

    public async IAsyncEnumerable<LineResult> ReadLinesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var (found, tooLong) = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (!found)
                {
                    yield break;
                }

                LineNumber++;
                if (tooLong)
                {
                    yield return new LineResult(LineNumber, null, $"the line is longer than {maxLineBytes / (1024.0 * 1024.0):0.#} MB");
                    continue;
                }

                var span = line.AsSpan(0, lineLength);
                if (atStart)
                {
                    atStart = false;
                    if (span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF)
                    {
                        span = span[3..];
                    }
                }

                string? text = null;
                string? error = null;
                try
                {
                    text = Strict.GetString(span);
                }
                catch (DecoderFallbackException e)
                {
                    var column = e.Index >= 0 ? $" at byte {e.Index + 1}" : "";
                    var bytes = e.BytesUnknown is { Length: > 0 } unknown ? $" (0x{Convert.ToHexString(unknown)})" : "";
                    error = $"the line is not valid UTF-8{column}{bytes}; save the file as UTF-8";
                    text = Encoding.UTF8.GetString(span);
                }

                yield return new LineResult(LineNumber, text, error);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
        }
    }

    /// <summary>Fills <see cref="line"/> with the next line's bytes (without the newline).</summary>
    private async ValueTask<(bool Found, bool TooLong)> ReadLineAsync(CancellationToken cancellationToken)
    {
        lineLength = 0;
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (bufferStart == bufferEnd)
            {
                if (endOfStream)
                {
                    return (any, tooLong);
                }

                bufferEnd = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                bufferStart = 0;
                BytesRead += bufferEnd;
                if (bufferEnd == 0)
                {
                    endOfStream = true;
                    return (any, tooLong);
                }
            }

            if (afterCarriageReturn)
            {
                // The \n of a \r\n pair whose \r ended the previous line.
                afterCarriageReturn = false;
                if (buffer[bufferStart] == (byte)'\n')
                {
                    bufferStart++;
                    continue;
                }
            }

            any = true;
            var available = buffer.AsSpan(bufferStart, bufferEnd - bufferStart);
            var newline = available.IndexOfAny((byte)'\n', (byte)'\r');
            var chunk = newline >= 0 ? available[..newline] : available;
            if (!tooLong)
            {
                if (lineLength + chunk.Length > maxLineBytes)
                {
                    tooLong = true;
                    lineLength = 0;
                }
                else
                {
                    Append(chunk);
                }
            }

            if (newline >= 0)
            {
                afterCarriageReturn = available[newline] == (byte)'\r';
                bufferStart += newline + 1;
                return (true, tooLong);
            }

            bufferStart += chunk.Length;
        }
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (lineLength + chunk.Length > line.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(line.Length * 2, lineLength + chunk.Length));
            line.AsSpan(0, lineLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(line);
            line = bigger;
        }

        chunk.CopyTo(line.AsSpan(lineLength));
        lineLength += chunk.Length;
    }
}
