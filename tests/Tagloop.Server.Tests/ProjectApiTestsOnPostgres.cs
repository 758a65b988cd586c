using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Every test of <see cref="ProjectApiTests"/>, on PostgreSQL.</summary>
public sealed class ProjectApiTestsOnPostgres() : ProjectApiTests(TestStorage.Postgres);
