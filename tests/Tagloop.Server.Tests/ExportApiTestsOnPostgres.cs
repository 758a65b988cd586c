using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Every test of <see cref="ExportApiTests"/>, on PostgreSQL.</summary>
public sealed class ExportApiTestsOnPostgres() : ExportApiTests(TestStorage.Postgres);
