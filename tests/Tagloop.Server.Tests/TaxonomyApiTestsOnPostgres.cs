using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Every test of <see cref="TaxonomyApiTests"/>, on PostgreSQL.</summary>
public sealed class TaxonomyApiTestsOnPostgres() : TaxonomyApiTests(TestStorage.Postgres);
