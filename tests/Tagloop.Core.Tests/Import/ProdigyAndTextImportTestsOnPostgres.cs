using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

/// <summary>Every test of <see cref="ProdigyAndTextImportTests"/>, on PostgreSQL.</summary>
public sealed class ProdigyAndTextImportTestsOnPostgres : ProdigyAndTextImportTests
{
    protected override TestStorage Storage => TestStorage.Postgres;
}
