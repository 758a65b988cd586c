using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.Export;

/// <summary>Every test of <see cref="ToolFormatsRoundTripTests"/>, on PostgreSQL.</summary>
public sealed class ToolFormatsRoundTripTestsOnPostgres() : ToolFormatsRoundTripTests(TestStorage.Postgres);
