using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Users;

namespace Tagloop.Server.Tests.Accounts;

/// <summary>Signing in and out, sessions, tokens, roles at work, and the audit trail, through the public API.</summary>
public sealed class AccountsApiTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Without_accounts_the_local_user_needs_no_sign_in_and_login_says_why_it_is_not_needed()
    {
        var client = app.ClientFor("ana");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects")).StatusCode);
        var session = await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/session");
        Assert.False(session.GetProperty("accounts").GetBoolean());
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { name = "ana", password = "whatever it is" });
        Assert.Equal(HttpStatusCode.Conflict, login.StatusCode);
        Assert.Contains("tagloop users add", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A request from another machine is not the local user, accounts or not.
        var remote = app.CreateClient();
        remote.DefaultRequestHeaders.Add(TagloopApp.RemoteAddressHeader, "192.0.2.7");
        Assert.Equal(HttpStatusCode.Unauthorized, (await remote.GetAsync("/api/v1/projects")).StatusCode);
    }

    [Fact]
    public async Task Signing_in_sets_a_strict_http_only_cookie_that_works_until_sign_out()
    {
        var team = await Team.CreateAsync(app);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/projects")).StatusCode);
        var anonymous = await browser.GetFromJsonAsync<JsonElement>("/api/v1/auth/session");
        Assert.True(anonymous.GetProperty("accounts").GetBoolean());
        Assert.Equal(JsonValueKind.Null, anonymous.GetProperty("user").ValueKind);

        var wrong = await browser.PostAsJsonAsync("/api/v1/auth/login", new { name = "victor", password = "not the password" });
        var unknown = await browser.PostAsJsonAsync("/api/v1/auth/login", new { name = "nobody", password = Team.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        // Whether the name exists is not told.
        Assert.Equal(
            (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { name = "VICTOR", password = Team.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("tagloop_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("victor", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("name").GetString());

        var projects = await browser.GetFromJsonAsync<JsonElement>("/api/v1/projects");
        Assert.Equal(["Mail"], projects.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("victor", (await browser.GetFromJsonAsync<JsonElement>("/api/v1/auth/session")).GetProperty("user").GetProperty("name").GetString());

        // The database holds the session's hash, not the secret the cookie carries.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            var secret = cookie["tagloop_session=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
            Assert.DoesNotContain(db.UserSessions.AsEnumerable(), s => s.Hash == secret);
            Assert.Contains(db.UserSessions.AsEnumerable(), s => s.Hash == Secrets.Hash(secret));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/projects")).StatusCode);
    }

    [Fact]
    public async Task A_non_member_sees_no_projects_and_a_member_only_theirs()
    {
        var team = await Team.CreateAsync(app);
        await team.CreateProjectAsync("Other");
        var own = await team.Client("root").PostAsJsonAsync("/api/v1/projects", new { name = "Root's", task = "classification", labels = new[] { new { name = "a" }, new { name = "b" } }, encoder = "tfidf" });
        own.EnsureSuccessStatusCode();
        Assert.Empty((await team.Client("nora").GetFromJsonAsync<JsonElement>("/api/v1/projects")).EnumerateArray());
        Assert.Equal(["Mail", "Other"], (await team.Client("anna").GetFromJsonAsync<JsonElement>("/api/v1/projects")).EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(3, (await team.Client("root").GetFromJsonAsync<JsonElement>("/api/v1/projects")).GetArrayLength());

        var forbidden = await team.Client("nora").GetAsync($"/api/v1/projects/{team.ProjectId}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("not a member", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_annotator_is_the_signed_in_user_and_may_undo_only_their_own_answers()
    {
        var team = await Team.CreateAsync(app);
        var ids = await app.SeedDocumentsAsync(team.ProjectId, ["win a prize now", "lunch at noon?"]);
        var anna = team.Client("anna");
        anna.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "mallory");
        var answer = await anna.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations", new { documentId = ids[0], labels = new[] { "spam" } });
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var annasId = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var ritas = await team.Client("rita").PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations", new { documentId = ids[0], labels = new[] { "ham" } });
        var ritasId = (await ritas.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var document = await team.Client("victor").GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/documents/{ids[0]}");
        Assert.Equal(["anna", "rita"], document.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("author").GetString()).Order());

        var refused = await anna.DeleteAsync($"/api/v1/projects/{team.ProjectId}/annotations/{ritasId}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("rita's", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await anna.DeleteAsync($"/api/v1/projects/{team.ProjectId}/annotations/{annasId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.Client("olivia").DeleteAsync($"/api/v1/projects/{team.ProjectId}/annotations/{ritasId}")).StatusCode);

        // A viewer reads but does not answer.
        var viewer = await team.Client("victor").PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations", new { documentId = ids[1], labels = new[] { "ham" } });
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Contains("needs the annotator role", await viewer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_shown_once_stored_hashed_narrowed_as_asked_and_stops_when_revoked_expired_or_its_user_disabled()
    {
        var team = await Team.CreateAsync(app);
        var other = await team.CreateProjectAsync("Other");
        var rita = team.Client("rita");
        var created = await rita.PostAsJsonAsync("/api/v1/tokens", new { name = "nightly export", projectId = team.ProjectId, role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("id").GetInt64();
        Assert.StartsWith("tgl_", secret, StringComparison.Ordinal);
        var listed = await rita.GetStringAsync("/api/v1/tokens");
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Contains("nightly export", listed, StringComparison.Ordinal);

        var script = app.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync($"/api/v1/projects/{team.ProjectId}/stats")).StatusCode);

        // Narrowed: a viewer in its project, nothing in another, no new projects, no wider tokens.
        Assert.Equal(HttpStatusCode.Forbidden, (await script.GetAsync($"/api/v1/projects/{team.ProjectId}/agreement")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.GetAsync($"/api/v1/projects/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.PostAsJsonAsync("/api/v1/projects", new { name = "X", labels = new[] { new { name = "a" }, new { name = "b" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await script.PostAsJsonAsync("/api/v1/tokens", new { name = "wider", projectId = team.ProjectId, role = "owner" })).StatusCode);
        Assert.Equal(["Mail"], (await script.GetFromJsonAsync<JsonElement>("/api/v1/projects")).EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        // Someone else cannot revoke it (not even see it), its owner can.
        Assert.Equal(HttpStatusCode.NotFound, (await team.Client("anna").DeleteAsync($"/api/v1/tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await rita.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode);
        var revoked = await script.GetAsync($"/api/v1/projects/{team.ProjectId}/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("revoked", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // An expiry in the past is refused; one in the future works until it passes (checked here by the database's clock).
        Assert.Equal(HttpStatusCode.BadRequest, (await rita.PostAsJsonAsync("/api/v1/tokens", new { name = "old", expiresAt = DateTimeOffset.Parse("2020-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) })).StatusCode);
        var expiring = await (await rita.PostAsJsonAsync("/api/v1/tokens", new { name = "soon", expiresAt = DateTimeOffset.UnixEpoch.AddYears(100) })).Content.ReadFromJsonAsync<JsonElement>();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            Assert.DoesNotContain(db.ApiTokens.AsEnumerable(), t => t.Hash == secret);
            var token = db.ApiTokens.Single(t => t.Id == expiring.GetProperty("id").GetInt64());
            token.ExpiresAt = DateTimeOffset.UnixEpoch.AddYears(50);
            await db.SaveChangesAsync();
        }

        var expired = app.CreateClient();
        expired.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", expiring.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await expired.GetAsync("/api/v1/projects")).StatusCode);

        // Disabling a user stops their tokens.
        Assert.Equal(HttpStatusCode.OK, (await team.Client("root").PatchAsJsonAsync("/api/v1/users/rita", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await rita.GetAsync("/api/v1/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "tgl_made-up") } })).StatusCode);
    }

    [Fact]
    public async Task A_generated_password_must_be_changed_before_anything_else()
    {
        var team = await Team.CreateAsync(app);
        var added = await team.Client("root").PostAsJsonAsync("/api/v1/users", new { name = "gus" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var generated = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
        Assert.True(generated.Length >= 16);

        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var login = await (await browser.PostAsJsonAsync("/api/v1/auth/login", new { name = "gus", password = generated })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(login.GetProperty("user").GetProperty("mustChangePassword").GetBoolean());
        var blocked = await browser.GetAsync("/api/v1/projects");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Contains("new password", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tooShort = await browser.PutAsJsonAsync("/api/v1/auth/password", new { current = generated, @new = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("at least 10", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PutAsJsonAsync("/api/v1/auth/password", new { current = "wrong one!", @new = "a much better secret" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PutAsJsonAsync("/api/v1/auth/password", new { current = generated, @new = "a much better secret" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { name = "gus", password = generated })).StatusCode);
    }

    [Fact]
    public async Task Members_are_set_by_owners_and_a_project_keeps_its_last_owner()
    {
        var team = await Team.CreateAsync(app);
        var olivia = team.Client("olivia");
        var unknown = await olivia.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/members", new { user = "nobody", role = "viewer" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await olivia.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/members", new { user = "nora", role = "boss" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await olivia.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/members", new { user = "olivia", role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await olivia.DeleteAsync($"/api/v1/projects/{team.ProjectId}/members/olivia")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await olivia.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/members", new { user = "nora", role = "annotator" })).StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await team.Client("nora").GetAsync($"/api/v1/projects/{team.ProjectId}/tasks/next")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await olivia.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/members", new { user = "anna", role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await olivia.DeleteAsync($"/api/v1/projects/{team.ProjectId}/members/olivia")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await olivia.GetAsync($"/api/v1/projects/{team.ProjectId}")).StatusCode);

        var members = await team.Client("victor").GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/members");
        Assert.Equal(
            ["anna owner", "rita reviewer", "nora annotator", "victor viewer"],
            members.GetProperty("members").EnumerateArray().Select(m => $"{m.GetProperty("user").GetString()} {m.GetProperty("role").GetString()}"));
    }

    [Fact]
    public async Task Sign_ins_role_changes_and_token_use_are_audited_with_who_and_from_where()
    {
        var team = await Team.CreateAsync(app);
        var remote = app.CreateClient();
        remote.DefaultRequestHeaders.Add(TagloopApp.RemoteAddressHeader, "192.0.2.44");
        await remote.PostAsJsonAsync("/api/v1/auth/login", new { name = "anna", password = "guessing wrong" });
        await remote.PostAsJsonAsync("/api/v1/auth/login", new { name = "anna", password = Team.Password });
        var script = team.Client("rita");
        script.DefaultRequestHeaders.Add(TagloopApp.RemoteAddressHeader, "192.0.2.55");
        await script.GetAsync("/api/v1/projects");

        Assert.Equal(HttpStatusCode.Forbidden, (await team.Client("olivia").GetAsync("/api/v1/audit")).StatusCode);
        var audit = await team.Client("root").GetFromJsonAsync<JsonElement>("/api/v1/audit?pageSize=1000");
        var lines = audit.GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("actor").GetString()} {e.GetProperty("from").GetString()}").ToList();
        Assert.Contains("sign-in-failed anna 192.0.2.44", lines);
        Assert.Contains("sign-in anna 192.0.2.44", lines);
        Assert.Contains("token-used rita 192.0.2.55", lines);
        Assert.Contains(audit.GetProperty("events").EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "role-set" && e.GetProperty("actor").GetString() == "olivia"
            && e.GetProperty("detail").GetString() == "victor: not a member → viewer");
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_address()
    {
        using var limited = app.WithWebHostBuilder(b => b.UseSetting("Tagloop:SignInsPerMinute", "3"));
        using (var scope = limited.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            await UserAccounts.AddAsync(db, "ana", Team.Password, admin: true, null, null, TimeProvider.System, CancellationToken.None);
        }

        var attacker = limited.CreateClient();
        attacker.DefaultRequestHeaders.Add(TagloopApp.RemoteAddressHeader, "198.51.100.9");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await attacker.PostAsJsonAsync("/api/v1/auth/login", new { name = "ana", password = $"guess number {i}" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // Another address is not held back by the first one's attempts.
        var colleague = limited.CreateClient();
        colleague.DefaultRequestHeaders.Add(TagloopApp.RemoteAddressHeader, "198.51.100.10");
        Assert.Equal(HttpStatusCode.OK, (await colleague.PostAsJsonAsync("/api/v1/auth/login", new { name = "ana", password = Team.Password })).StatusCode);
    }
}
