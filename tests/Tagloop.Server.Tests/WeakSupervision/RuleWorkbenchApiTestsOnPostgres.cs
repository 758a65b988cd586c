using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.WeakSupervision;

/// <summary>Every test of <see cref="RuleWorkbenchApiTests"/>, on PostgreSQL.</summary>
public sealed class RuleWorkbenchApiTestsOnPostgres() : RuleWorkbenchApiTests(TestStorage.Postgres);
