using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tagloop.Core;
using Tagloop.Core.Tasks;
using Tagloop.Core.Users;

namespace Tagloop.Browser.Tests;

/// <summary>The real server on a real port and a fresh SQLite file, serving the built web UI.</summary>
public sealed class LiveServer : WebApplicationFactory<Program>
{
    /// <summary>The logging category of the guard that refuses requests other sites' pages make.</summary>
    public const string GuardCategory = "Tagloop.Server.Security.RequestGuardMiddleware";

    public LiveServer()
    {
        GuardLog = new CapturedLog(GuardCategory);
        DataDir = Directory.CreateTempSubdirectory("tagloop-browser-").FullName;
        WebRoot = FindWebDist();
        UseKestrel(0);
        StartServer();
    }

    public string DataDir { get; }

    public string WebRoot { get; }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>A project reading words only (it trains at once), made over the API; its id.</summary>
    public async Task<int> CreateProjectAsync(string name, params string[] labels)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var created = await http.PostAsJsonAsync("/api/v1/projects", new { name, encoder = "tfidf", labels = labels.Select(l => new { name = l }).ToArray() });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>
    /// Adds a user straight into the server's database, as <c>tagloop users add</c> does; the first one turns accounts on.
    /// Without a password one is generated (returned), to be changed at first sign-in.
    /// </summary>
    public async Task<string?> AddUserAsync(string name, string? password, bool admin = false)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var added = await UserAccounts.AddAsync(db, name, password, admin, "tests", null, TimeProvider.System, CancellationToken.None);
        Assert.True(added.Succeeded, string.Join(" ", added.Problems.Select(p => p.Message)));
        return added.Value!.GeneratedPassword;
    }

    /// <summary>Gives a user a role in a project, straight in the database.</summary>
    public async Task AddMemberAsync(int projectId, string user, string role)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var set = await ProjectMembers.SetAsync(db, projectId, user, role, "tests", null, TimeProvider.System, CancellationToken.None);
        Assert.True(set.Succeeded);
    }

    /// <summary>
    /// An API client acting as <paramref name="user"/> (who must exist) through a token made straight in the database, as
    /// the Account page makes one; non-ASCII names in its headers go out as UTF-8, as the page sends them.
    /// </summary>
    public async Task<HttpClient> ClientAsAsync(string user)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var found = await db.Users.AsNoTracking().SingleAsync(u => u.Name == user);
        var token = await ApiTokens.CreateAsync(db, new Caller(found.Id, found.Name, found.IsAdmin, Local: false), new NewApiToken("browser tests", null, null, null), null, TimeProvider.System, CancellationToken.None);
        Assert.True(token.Succeeded, string.Join(" ", token.Problems.Select(p => p.Message)));
        var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 }) { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Value!.Secret);
        return http;
    }

    /// <summary>What the request guard logged: one warning per refused request.</summary>
    public CapturedLog GuardLog { get; }

    /// <summary>Leases the server holds now (they live in its memory).</summary>
    public int LeaseCount => ((InMemoryTaskLeases)Services.GetRequiredService<ITaskLeases>()).Count;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Tagloop:DataDir", DataDir);
        builder.UseSetting("Tagloop:WebRoot", WebRoot);
        builder.ConfigureLogging(logging => logging.AddProvider(GuardLog));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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

    private static string FindWebDist()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tagloop.slnx")))
            {
                var dist = Path.Combine(dir.FullName, "web", "dist");
                return File.Exists(Path.Combine(dist, "index.html"))
                    ? dist
                    : throw new InvalidOperationException($"The web UI is not built ({dist} has no index.html): run 'npm ci && npm run build' in web/ (./tagloop test does).");
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Tagloop.slnx) above " + AppContext.BaseDirectory);
    }
}
