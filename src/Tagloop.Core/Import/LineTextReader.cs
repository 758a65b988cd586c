namespace Tagloop.Core.Import;

/// <summary>
/// Presents the lines of a <see cref="Utf8LineReader"/> as a <see cref="TextReader"/> (for CsvHelper), remembering
/// which physical lines were bad so that the record that spans them can be reported.
/// </summary>
internal sealed class LineTextReader : TextReader
{
    private readonly IAsyncEnumerator<LineResult> lines;
    private string current = "";
    private int position;
    private bool finished;

    public LineTextReader(Utf8LineReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        lines = reader.ReadLinesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    /// <summary>Physical line numbers that were not valid UTF-8 or were too long, with the reason.</summary>
    public SortedList<long, string> BadLines { get; } = [];

    public override int Read(Span<char> buffer) => ReadAsync(buffer.ToArray(), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read() => throw new NotSupportedException("Read blocks of characters.");

    public override int Peek() => throw new NotSupportedException("Read blocks of characters.");

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (position == current.Length)
            {
                if (finished || !await lines.MoveNextAsync().ConfigureAwait(false))
                {
                    finished = true;
                    break;
                }

                var line = lines.Current;
                if (line.Error is not null)
                {
                    BadLines[line.Number] = line.Error;
                }

                current = (line.Text ?? "") + "\n";
                position = 0;
            }

            var take = Math.Min(buffer.Length - written, current.Length - position);
            current.AsSpan(position, take).CopyTo(buffer.Span[written..]);
            position += take;
            written += take;
        }

        return written;
    }

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lines.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }
}
