using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.WeakSupervision;

/// <summary>Every test of <see cref="LabellingRulesTests"/>, on PostgreSQL.</summary>
public sealed class LabellingRulesTestsOnPostgres : LabellingRulesTests
{
    protected override TestStorage Storage => TestStorage.Postgres;
}
