using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Tagloop.Storage.Postgres;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a running app or server (it does not connect).
/// The PostgreSQL schema is one migration, <c>Initial</c>, until Tagloop has PostgreSQL deployments to upgrade. After the
/// model changes, regenerate it from the repository's root:
/// <code>
/// rm -rf src/Tagloop.Storage.Postgres/Migrations &amp;&amp; dotnet ef migrations add Initial --project src/Tagloop.Storage.Postgres --output-dir Migrations
/// </code>
/// (dotnet-ef: <c>dotnet tool install -g dotnet-ef</c>, then <c>~/.dotnet/tools</c> on PATH.)
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PostgresTagloopDbContext>
{
    public PostgresTagloopDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTagloopDbContext>().UseNpgsql("Host=127.0.0.1;Database=tagloop_design").Options);
}
