using Tagloop.Core.Tasks;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Tasks;

/// <summary>The lease contract, on the in-memory leases of a single server.</summary>
public sealed class InMemoryTaskLeasesTests : TaskLeasesContractTests
{
    protected override TestStorage Storage => TestStorage.Sqlite;

    protected override ITaskLeases CreateLeases(TestDatabase database, TimeProvider time) => new InMemoryTaskLeases(time);
}
