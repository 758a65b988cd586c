namespace Tagloop.Tests.Storage;

/// <summary>The database a test runs on.</summary>
public enum TestStorage
{
    Sqlite,
    Postgres,
}
