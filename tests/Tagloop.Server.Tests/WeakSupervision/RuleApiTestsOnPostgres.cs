using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.WeakSupervision;

/// <summary>Every test of <see cref="RuleApiTests"/>, on PostgreSQL.</summary>
public sealed class RuleApiTestsOnPostgres() : RuleApiTests(TestStorage.Postgres);
