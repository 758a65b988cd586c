using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Every test of <see cref="DocumentDeletionApiTests"/>, on PostgreSQL.</summary>
public sealed class DocumentDeletionApiTestsOnPostgres() : DocumentDeletionApiTests(TestStorage.Postgres);
