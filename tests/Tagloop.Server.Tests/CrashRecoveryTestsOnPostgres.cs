using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>The SIGKILL test of <see cref="CrashRecoveryTests"/>, with the server on PostgreSQL: no acknowledged answer is lost.</summary>
public sealed class CrashRecoveryTestsOnPostgres() : CrashRecoveryTests(TestStorage.Postgres);
