using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

/// <summary>Every test of <see cref="HostileImportTests"/>, on PostgreSQL.</summary>
public sealed class HostileImportTestsOnPostgres : HostileImportTests
{
    protected override TestStorage Storage => TestStorage.Postgres;
}
