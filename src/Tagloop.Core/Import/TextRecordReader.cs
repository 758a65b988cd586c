namespace Tagloop.Core.Import;

/// <summary>Plain text: one document per line; blank lines are skipped.</summary>
internal sealed class TextRecordReader(Stream stream, int maxLineBytes) : LineRecordReader(stream, maxLineBytes)
{
    protected override ParsedLine Parse(long number, string text) => ParsedLine.Of(new ImportRecord(number, text, null, []));
}
