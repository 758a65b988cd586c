using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Server.Hosting;
using Tagloop.Storage.Postgres;
using Tagloop.Storage.Sqlite;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.Storage;

public sealed class StorageChoiceTests
{
    [Theory]
    [InlineData("Host=db.example;Database=tagloop;Username=tagloop", true)]
    [InlineData("host=127.0.0.1;port=5433;database=t", true)]
    [InlineData("postgres://tagloop:secret@db.example:5433/tagloop", true)]
    [InlineData("postgresql://db.example/tagloop?sslmode=require", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Data Source=/tmp/other.db", false)]
    [InlineData("/tmp/other.db", false)]
    public void A_host_connection_string_or_postgres_address_chooses_postgresql_and_anything_else_sqlite(string? database, bool postgres)
    {
        var choice = StorageChoice.For(database, Path.GetTempPath());
        Assert.Equal(postgres, choice.IsPostgres);
        if (!postgres)
        {
            Assert.True(Path.IsPathFullyQualified(choice.Target));
            Assert.EndsWith(".db", choice.Target, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_postgres_address_becomes_an_npgsql_connection_string_and_is_described_without_its_password()
    {
        var connection = PostgresStorage.ConnectionString("postgres://ta%40g:s%3Bcret@db.example:5433/tag%20loop?sslmode=require");
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        Assert.Equal(("db.example", 5433, "ta@g", "s;cret", "tag loop", Npgsql.SslMode.Require), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode));
        Assert.DoesNotContain("cret", PostgresStorage.Describe(connection), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_given_a_postgresql_database_keeps_its_rows_there_and_only_files_in_its_data_folder()
    {
        using var app = new TagloopApp(storage: TestStorage.Postgres);
        await app.CreateProjectAsync("On PostgreSQL");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Assert.Equal(["On PostgreSQL"], await db.Projects.Select(p => p.Name).ToListAsync());
        Assert.False(File.Exists(Path.Combine(app.DataDir, SqliteStorage.DatabaseFileName)));
        var listed = await app.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/projects");
        Assert.Contains("On PostgreSQL", listed.ToString(), StringComparison.Ordinal);
    }
}
