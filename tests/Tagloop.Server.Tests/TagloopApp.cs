using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Documents;
using Tagloop.Core.Import;
using Tagloop.Core.Tasks;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>
/// The real server with its own temporary data folder, on a fresh SQLite file there or a fresh database of its own on
/// the tests' PostgreSQL server.
/// </summary>
public sealed class TagloopApp : WebApplicationFactory<Program>
{
    private readonly string? webRoot;
    private readonly string? postgres;

    /// <param name="kestrel">Serve on a real loopback port (for what the in-memory test server does not enforce, such as body size limits).</param>
    /// <param name="webRoot">The web UI's folder (holding index.html); by default whatever the server finds.</param>
    /// <param name="storage">The database the server keeps its rows in.</param>
    public TagloopApp(bool kestrel = false, string? webRoot = null, TestStorage storage = TestStorage.Sqlite)
    {
        DataDir = Directory.CreateTempSubdirectory("tagloop-api-").FullName;
        this.webRoot = webRoot;
        postgres = storage == TestStorage.Postgres ? PostgresServer.CreateDatabase() : null;
        if (kestrel)
        {
            UseKestrel(0);
            StartServer();
        }
    }

    public string DataDir { get; }

    public HttpClient ClientFor(string annotator)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Tagloop-Annotator", annotator);
        return client;
    }

    /// <summary>A project reading words only (<c>tfidf</c>), which trains at once: tests about the sentence model set their own encoder.</summary>
    public async Task<int> CreateProjectAsync(string name = "Spam", bool multiLabel = false, params string[] labels)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/projects", new
        {
            name,
            task = "classification",
            multiLabel,
            labels = (labels.Length == 0 ? ["spam", "ham"] : labels).Select(l => new { name = l }).ToArray(),
            guidelines = "Spam is unsolicited bulk mail.",
            encoder = "tfidf",
        });
        response.EnsureSuccessStatusCode();
        var project = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return project.GetProperty("id").GetInt32();
    }

    /// <summary>
    /// Puts documents straight into the database as one completed import, for tests about what happens after import
    /// (the running server picks them up as it does an import by another process).
    /// </summary>
    public async Task<long[]> SeedDocumentsAsync(int projectId, IEnumerable<string> texts)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var run = new ImportRun { ProjectId = projectId, State = ImportRunState.Completed, OwnerProcessId = Environment.ProcessId };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync();
        var documents = texts.Select(t =>
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t));
            return new Document { ProjectId = projectId, Text = t, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash, 0), ImportRunId = run.Id };
        }).ToList();
        db.Documents.AddRange(documents);
        await db.SaveChangesAsync();
        return [.. documents.Select(d => d.Id)];
    }

    /// <summary>Leases the server holds now (in its memory on SQLite, in the database on PostgreSQL).</summary>
    public int LeaseCount
    {
        get
        {
            if (Services.GetRequiredService<ITaskLeases>() is InMemoryTaskLeases inMemory)
            {
                return inMemory.Count;
            }

            using var scope = Services.CreateScope();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            return scope.ServiceProvider.GetRequiredService<TagloopDbContext>().TaskLeases.Count(l => l.ExpiresAt > now);
        }
    }

    /// <summary>A request with this header comes, for the server, from that address (the in-memory server has none).</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Tagloop:DataDir", DataDir);
        builder.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, RemoteAddressFilter>());
        if (postgres is not null)
        {
            builder.UseSetting("Tagloop:Database", postgres);
        }
        if (webRoot is not null)
        {
            builder.UseSetting("Tagloop:WebRoot", webRoot);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (postgres is not null)
            {
                PostgresServer.DropDatabase(postgres);
            }

            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
