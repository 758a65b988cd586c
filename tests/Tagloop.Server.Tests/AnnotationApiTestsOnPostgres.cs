using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>Every test of <see cref="AnnotationApiTests"/>, on PostgreSQL.</summary>
public sealed class AnnotationApiTestsOnPostgres() : AnnotationApiTests(TestStorage.Postgres);
