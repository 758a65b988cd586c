using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Every test of <see cref="AgreementApiTests"/>, on PostgreSQL.</summary>
public sealed class AgreementApiTestsOnPostgres() : AgreementApiTests(TestStorage.Postgres);
