using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.WeakSupervision;

/// <summary>Every test of <see cref="RuleFollowUpTests"/>, on PostgreSQL.</summary>
public sealed class RuleFollowUpTestsOnPostgres : RuleFollowUpTests
{
    protected override TestStorage Storage => TestStorage.Postgres;
}
