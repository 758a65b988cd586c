using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.WeakSupervision;

/// <summary>Every test of <see cref="RuleTransferApiTests"/>, on PostgreSQL.</summary>
public sealed class RuleTransferApiTestsOnPostgres() : RuleTransferApiTests(TestStorage.Postgres);
