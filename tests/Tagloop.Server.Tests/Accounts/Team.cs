using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Users;

namespace Tagloop.Server.Tests.Accounts;

/// <summary>
/// A server with accounts on and a project with one member per role, each with an API token: root (administrator),
/// olivia (owner), rita (reviewer), anna (annotator), victor (viewer) and nora (no member).
/// </summary>
internal sealed class Team
{
    public const string Password = "correct horse battery";

    private readonly TagloopApp app;

    private Team(TagloopApp app) => this.app = app;

    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    public int ProjectId { get; private set; }

    public static async Task<Team> CreateAsync(TagloopApp app)
    {
        var team = new Team(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        foreach (var name in new[] { "root", "olivia", "rita", "anna", "victor", "nora" })
        {
            var added = await UserAccounts.AddAsync(db, name, Password, admin: name == "root", null, null, TimeProvider.System, CancellationToken.None);
            Assert.True(added.Succeeded);
            var token = await ApiTokens.CreateAsync(db, new Caller(added.Value!.User.Id, name, name == "root", Local: false), new NewApiToken("tests", null, null, null), null, TimeProvider.System, CancellationToken.None);
            team.Tokens[name] = token.Value!.Secret;
        }

        team.ProjectId = await team.CreateProjectAsync("Mail");
        return team;
    }

    /// <summary>A project owned by olivia with rita, anna and victor in their roles.</summary>
    public async Task<int> CreateProjectAsync(string name)
    {
        var olivia = Client("olivia");
        var response = await olivia.PostAsJsonAsync("/api/v1/projects", new { name, task = "classification", labels = new[] { new { name = "spam" }, new { name = "ham" } }, encoder = "tfidf" });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        foreach (var (user, role) in new[] { ("rita", "reviewer"), ("anna", "annotator"), ("victor", "viewer") })
        {
            (await olivia.PostAsJsonAsync($"/api/v1/projects/{id}/members", new { user, role })).EnsureSuccessStatusCode();
        }

        return id;
    }

    /// <summary>A client that sends <paramref name="user"/>'s token; <c>anonymous</c> sends none.</summary>
    public HttpClient Client(string user)
    {
        var client = app.CreateClient();
        if (Tokens.TryGetValue(user, out var token))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Adds a token for <paramref name="user"/> narrowed as asked and returns a client sending it.</summary>
    public async Task<HttpClient> NarrowedClientAsync(string user, int? projectId, string? role)
    {
        var response = await Client(user).PostAsJsonAsync("/api/v1/tokens", new { name = "narrow", projectId, role });
        response.EnsureSuccessStatusCode();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return client;
    }
}
