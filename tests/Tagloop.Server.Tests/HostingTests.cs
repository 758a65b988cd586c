using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Server.Hosting;

namespace Tagloop.Server.Tests;

public sealed class HostingTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    [InlineData("example.org")]
    public async Task Without_accounts_the_server_refuses_to_listen_beyond_loopback(string host)
    {
        var dataDir = Directory.CreateTempSubdirectory("tagloop-host-").FullName;
        try
        {
            await using var app = TagloopServer.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Tagloop:Host"] = host,
                ["Tagloop:Port"] = "0",
                ["Tagloop:DataDir"] = dataDir,
            }));
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
            Assert.Contains(host, error.Message, StringComparison.Ordinal);
            Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
            Assert.Contains("tagloop users add", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task With_accounts_the_server_listens_beyond_loopback_and_asks_everyone_to_sign_in()
    {
        var dataDir = Directory.CreateTempSubdirectory("tagloop-host-").FullName;
        try
        {
            await using var app = TagloopServer.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Tagloop:Host"] = "0.0.0.0",
                ["Tagloop:Port"] = "0",
                ["Tagloop:DataDir"] = dataDir,
            }));
            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<Tagloop.Core.TagloopDbContext>();
                await Tagloop.Storage.Sqlite.SqliteStorage.MigrateAsync(db, CancellationToken.None);
                Assert.True((await Tagloop.Core.Users.UserAccounts.AddAsync(db, "ana", "correct horse battery", admin: true, null, null, TimeProvider.System, CancellationToken.None)).Succeeded);
            }

            await app.StartAsync();
            var port = new Uri(app.Urls.Single()).Port;
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var response = await client.GetAsync("/api/v1/projects");
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public void A_urls_setting_beyond_loopback_is_refused_too()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            TagloopServer.Build(["--urls", "http://*:8080"]));
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost", true)]
    [InlineData("10.0.0.1", false)]
    public void Loopback_addresses_are_recognised(string host, bool loopback) =>
        Assert.Equal(loopback, LoopbackGuard.IsLoopback(host));

    [Fact]
    public async Task The_served_OpenAPI_document_matches_the_committed_one()
    {
        using var app = new TagloopApp();
        var served = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var committedPath = Path.Combine(RepositoryRoot(), "src", "Tagloop.Server", "openapi", "v1.json");
        using var committed = JsonDocument.Parse(await File.ReadAllTextAsync(committedPath));

        var servedPaths = served.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();
        var committedPaths = committed.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(committedPaths, servedPaths);
        Assert.Contains("/api/v1/projects/{id}/tasks/next", servedPaths);
        Assert.Equal(committed.RootElement.GetProperty("components").GetRawText().Length, served.GetProperty("components").GetRawText().Length);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tagloop.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Tagloop.slnx) above " + AppContext.BaseDirectory);
    }
}
