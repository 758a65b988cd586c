using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

/// <summary>Every test of <see cref="JsonlImportTests"/>, on PostgreSQL.</summary>
public sealed class JsonlImportTestsOnPostgres : JsonlImportTests
{
    protected override TestStorage Storage => TestStorage.Postgres;
}
