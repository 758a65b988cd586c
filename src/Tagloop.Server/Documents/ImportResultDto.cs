using Tagloop.Core.Import;

namespace Tagloop.Server.Documents;

/// <summary>What an import did: documents imported and lines skipped, with the bad lines and why.</summary>
public sealed record ImportResultDto(int Imported, int Skipped, int Duplicates, int Labelled, IReadOnlyList<ImportLineError> Errors, int ErrorCount)
{
    public static ImportResultDto From(ImportResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Imported, result.Skipped, result.Duplicates, result.Labelled,
            [.. result.Errors.Select(e => new ImportLineError(e.Line, e.Message))], result.ErrorCount);
    }
}
