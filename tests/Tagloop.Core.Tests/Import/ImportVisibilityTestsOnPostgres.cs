using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

/// <summary>Every test of <see cref="ImportVisibilityTests"/>, on PostgreSQL.</summary>
public sealed class ImportVisibilityTestsOnPostgres : ImportVisibilityTests
{
    protected override TestStorage Storage => TestStorage.Postgres;
}
