using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.Import;

/// <summary>Every test of <see cref="ImporterFuzzFindingsTests"/>, on PostgreSQL.</summary>
public sealed class ImporterFuzzFindingsTestsOnPostgres() : ImporterFuzzFindingsTests(TestStorage.Postgres);
