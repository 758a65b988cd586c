namespace Tagloop.Core.Import;

/// <summary>Turns an import file into records and line errors, streaming.</summary>
internal interface IRecordReader
{
    long BytesRead { get; }

    IAsyncEnumerable<ParsedLine> ReadAsync(CancellationToken cancellationToken);
}
