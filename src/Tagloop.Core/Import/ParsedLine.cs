namespace Tagloop.Core.Import;

/// <summary>What a reader made of one line (or CSV record): a record, an error, or nothing (a blank line).</summary>
internal readonly record struct ParsedLine(ImportRecord? Record, ImportError? Error)
{
    public static ParsedLine Blank => default;

    public static ParsedLine Of(ImportRecord record) => new(record, null);

    public static ParsedLine Bad(long line, string message) => new(null, new ImportError(line, message));
}
