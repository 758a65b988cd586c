using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.Accounts;

/// <summary>Every test of <see cref="AssignmentApiTests"/>, on PostgreSQL.</summary>
public sealed class AssignmentApiTestsOnPostgres() : AssignmentApiTests(TestStorage.Postgres);
