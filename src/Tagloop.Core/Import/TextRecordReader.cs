namespace Tagloop.Core.Import;

/// <summary>Plain text: one document per line; blank lines are skipped.</summary>
internal sealed class TextRecordReader(Stream stream, int maxLineBytes) : IRecordReader
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
                yield return ParsedLine.Of(new ImportRecord(line.Number, line.Text, null, []));
            }
        }
    }
}
