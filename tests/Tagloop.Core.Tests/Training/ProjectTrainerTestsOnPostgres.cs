using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Training;

/// <summary>Every test of <see cref="ProjectTrainerTests"/>, on PostgreSQL.</summary>
public sealed class ProjectTrainerTestsOnPostgres : ProjectTrainerTests
{
    protected override TestStorage Storage => TestStorage.Postgres;
}
