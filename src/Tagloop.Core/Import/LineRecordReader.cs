namespace Tagloop.Core.Import;

/// <summary>A format with one document per line: bad and blank lines are handled here, the rest by <see cref="Parse"/>.</summary>
internal abstract class LineRecordReader(Stream stream, int maxLineBytes) : IRecordReader
{
    private readonly Utf8LineReader lines = new(stream, maxLineBytes);

    public long BytesRead => lines.BytesRead;

    public async IAsyncEnumerable<ParsedLine> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in lines.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (line.Error is not null)
            {
                yield return ParsedLine.Bad(line.Number, line.Error);
            }
            else if (string.IsNullOrWhiteSpace(line.Text))
            {
                yield return ParsedLine.Blank;
            }
            else
            {
                yield return Parse(line.Number, line.Text);
            }
        }
    }

    protected abstract ParsedLine Parse(long number, string text);
}
