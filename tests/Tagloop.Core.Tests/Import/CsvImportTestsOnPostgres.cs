using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

/// <summary>Every test of <see cref="CsvImportTests"/>, on PostgreSQL.</summary>
public sealed class CsvImportTestsOnPostgres : CsvImportTests
{
    protected override TestStorage Storage => TestStorage.Postgres;
}
