using Tagloop.Core.Tasks;
using Tagloop.Storage.Postgres;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Tasks;

/// <summary>The lease contract, on leases held in PostgreSQL for several servers.</summary>
public sealed class PostgresTaskLeasesTests : TaskLeasesContractTests
{
    protected override TestStorage Storage => TestStorage.Postgres;

    protected override ITaskLeases CreateLeases(TestDatabase database, TimeProvider time) =>
        new PostgresTaskLeases(database.ConnectionString!, time);
}
