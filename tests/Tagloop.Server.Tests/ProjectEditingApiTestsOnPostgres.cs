using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Every test of <see cref="ProjectEditingApiTests"/>, on PostgreSQL.</summary>
public sealed class ProjectEditingApiTestsOnPostgres() : ProjectEditingApiTests(TestStorage.Postgres);
