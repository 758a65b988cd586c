using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Every test of <see cref="TaskQueueApiTests"/>, on PostgreSQL.</summary>
public sealed class TaskQueueApiTestsOnPostgres() : TaskQueueApiTests(TestStorage.Postgres);
