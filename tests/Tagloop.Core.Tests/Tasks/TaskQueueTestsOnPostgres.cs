using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Tasks;

/// <summary>Every test of <see cref="TaskQueueTests"/>, on PostgreSQL.</summary>
public sealed class TaskQueueTestsOnPostgres : TaskQueueTests
{
    protected override TestStorage Storage => TestStorage.Postgres;
}
