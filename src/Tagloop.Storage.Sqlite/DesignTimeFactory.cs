using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Tagloop.Storage.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without a running app.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SqliteTagloopDbContext>
{
    public SqliteTagloopDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTagloopDbContext>().UseSqlite("Data Source=design.db").Options);
}
