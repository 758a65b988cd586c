using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Server.Security;

namespace Tagloop.Server.Tests.Accounts;

/// <summary>
/// Every endpoint × every role, generated from the server's endpoint list: each endpoint must carry an access rule,
/// the rule must be the one this table expects (so a new endpoint, or a loosened one, fails here until someone decides
/// who may call it), and the server must enforce it — 401 without a sign-in, 403 for a role too weak, neither for a
/// role strong enough.
/// </summary>
public sealed class AuthorizationMatrixTests : IDisposable
{
    // Who may call what. "anyone", "account holder", "signed in", "signed in (unnarrowed)", "admin", or the least project role.
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /openapi/{documentName}.json"] = "anyone",
        ["Login"] = "anyone",
        ["Logout"] = "anyone",
        ["GetSession"] = "anyone",
        ["ChangePassword"] = "account holder",
        ["ListTokens"] = "signed in",
        ["CreateToken"] = "signed in",
        ["RevokeToken"] = "signed in",
        ["ListUsers"] = "admin",
        ["AddUser"] = "admin",
        ["UpdateUser"] = "admin",
        ["GetAudit"] = "admin",
        ["CreateProject"] = "signed in (unnarrowed)",
        ["ListProjects"] = "signed in",
        ["ListStrategies"] = "signed in",
        ["ListEncoders"] = "signed in",
        ["GetProject"] = "viewer",
        ["UpdateProject"] = "owner",
        ["DeleteProject"] = "owner",
        ["UpdateProjectSettings"] = "owner",
        ["ListMembers"] = "viewer",
        ["SetMember"] = "owner",
        ["RemoveMember"] = "owner",
        ["ListLabels"] = "viewer",
        ["GetLabelHistory"] = "viewer",
        ["AddLabel"] = "owner",
        ["UpdateLabel"] = "owner",
        ["MergeLabel"] = "owner",
        ["SplitLabel"] = "owner",
        ["DeleteLabel"] = "owner",
        ["ListDocuments"] = "viewer",
        ["GetDocument"] = "viewer",
        ["DeleteDocument"] = "owner",
        ["DeleteDocuments"] = "owner",
        ["ImportDocuments"] = "owner",
        ["ListImports"] = "viewer",
        ["DeleteImport"] = "owner",
        ["GetNextTask"] = "annotator",
        ["ListAssignments"] = "reviewer",
        ["AddAssignment"] = "owner",
        ["RemoveAssignment"] = "owner",
        ["ListRules"] = "viewer",
        ["AddRule"] = "reviewer",
        ["UpdateRule"] = "reviewer",
        ["DeleteRule"] = "reviewer",
        ["ListRuleVersions"] = "viewer",
        ["PreviewRule"] = "reviewer",
        ["AnalyseRules"] = "viewer",
        ["ListRuleHits"] = "viewer",
        ["ExportRules"] = "reviewer",
        ["ImportRules"] = "owner",
        ["SuggestRules"] = "reviewer",
        ["CreateAnnotation"] = "annotator",
        ["DeleteAnnotation"] = "annotator",
        ["GetStats"] = "viewer",
        ["GetAgreement"] = "reviewer",
        ["GetAnnotatorFigures"] = "owner",
        ["GetReviewQueue"] = "reviewer",
        ["SetFinalLabel"] = "reviewer",
        ["WithdrawFinalLabel"] = "reviewer",
        ["ListComments"] = "viewer",
        ["AddComment"] = "annotator",
        ["ListMentions"] = "viewer",
        ["ExportAnnotations"] = "reviewer",
        ["GetModel"] = "viewer",
        ["GetModelHistory"] = "viewer",
        ["DownloadModel"] = "viewer",
        ["Predict"] = "viewer",
        ["GetProjectEvents"] = "viewer",
        ["GetMap"] = "viewer",
        ["GetClusters"] = "viewer",
        ["GetNovelty"] = "viewer",
        ["SetQueueFocus"] = "annotator",
        ["ClearQueueFocus"] = "annotator",
        ["CreateBulkAnnotations"] = "annotator",
    };

    // Each caller's effective project role (null: none), whether they are signed in, an administrator, and narrowed.
    private static readonly (string Caller, string? Role, bool SignedIn, bool Admin, bool Narrowed)[] Callers =
    [
        ("anonymous", null, false, false, false),
        ("nora", null, true, false, false),
        ("victor", "viewer", true, false, false),
        ("anna", "annotator", true, false, false),
        ("rita", "reviewer", true, false, false),
        ("olivia", "owner", true, false, false),
        ("olivia as viewer", "viewer", true, false, true),
        ("root", "owner", true, true, false),
    ];

    private static readonly string[] RoleOrder = ["viewer", "annotator", "reviewer", "owner"];

    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public void Every_endpoint_has_the_access_rule_this_table_expects()
    {
        var actual = Endpoints().ToDictionary(e => Key(e), e => Describe(e.Metadata.GetMetadata<AccessRule>()), StringComparer.Ordinal);
        var missing = actual.Where(a => a.Value is null).Select(a => a.Key).ToList();
        Assert.True(missing.Count == 0, "Endpoints without an access rule: " + string.Join(", ", missing));
        var unexpected = actual.Keys.Except(Expected.Keys).ToList();
        Assert.True(unexpected.Count == 0, "Endpoints this table does not know (add who may call them): " + string.Join(", ", unexpected));
        var gone = Expected.Keys.Except(actual.Keys).ToList();
        Assert.True(gone.Count == 0, "Endpoints in this table that no longer exist: " + string.Join(", ", gone));
        var different = Expected.Where(e => actual[e.Key] != e.Value).Select(e => $"{e.Key}: expected {e.Value}, declared {actual[e.Key]}").ToList();
        Assert.True(different.Count == 0, string.Join("; ", different));
    }

    [Fact]
    public async Task Every_endpoint_answers_each_role_as_its_rule_says()
    {
        var team = await Team.CreateAsync(app);
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var (caller, _, _, _, _) in Callers)
        {
            clients[caller] = caller == "olivia as viewer"
                ? await team.NarrowedClientAsync("olivia", team.ProjectId, "viewer")
                : team.Client(caller);
        }

        var failures = new List<string>();
        foreach (var endpoint in Endpoints())
        {
            var rule = endpoint.Metadata.GetMetadata<AccessRule>()!;
            var method = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods[0];
            foreach (var (caller, role, signedIn, admin, narrowed) in Callers)
            {
                // Deleting a whole project succeeds for those allowed to: each such call gets a project of its own.
                var projectId = method == "DELETE" && endpoint.RoutePattern.Parameters.Count == 1 && endpoint.RoutePattern.Parameters[0].Name == "id"
                    ? await team.CreateProjectAsync("Throwaway " + Guid.NewGuid().ToString("N")[..8])
                    : team.ProjectId;
                if (caller == "olivia as viewer" && projectId != team.ProjectId)
                {
                    continue;
                }

                var allowed = Allowed(rule, role, signedIn, admin, narrowed);
                var status = await CallAsync(clients[caller], method, Path(endpoint, projectId));
                var expected = allowed ? "allowed" : signedIn ? "403" : "401";
                var got = status switch { HttpStatusCode.Unauthorized => "401", HttpStatusCode.Forbidden => "403", _ => "allowed" };
                if (expected != got)
                {
                    failures.Add($"{method} {endpoint.RoutePattern.RawText} as {caller}: expected {expected}, got {(int)status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool Allowed(AccessRule rule, string? role, bool signedIn, bool admin, bool narrowed) => rule.Level switch
    {
        AccessLevel.Anyone => true,
        AccessLevel.AccountHolder or AccessLevel.SignedIn => signedIn,
        AccessLevel.SignedInUnnarrowed => signedIn && !narrowed,
        AccessLevel.Admin => admin && !narrowed,
        AccessLevel.Project => role is not null && Array.IndexOf(RoleOrder, role) >= Array.IndexOf(RoleOrder, Tagloop.Core.Users.ProjectRoles.Name(rule.Role!.Value)),
        _ => false,
    };

    /// <summary>
    /// A request that passes or fails on access alone: real ids where the rule looks (the project), ids that do not
    /// exist elsewhere (so an allowed DELETE is a 404, not a deletion), and a body that does not parse (so an allowed
    /// write is a 400).
    /// </summary>
    private static async Task<HttpStatusCode> CallAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{", Encoding.UTF8, "application/json");
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        return response.StatusCode;
    }

    private static string Path(RouteEndpoint endpoint, int projectId)
    {
        var path = new StringBuilder();
        foreach (var segment in endpoint.RoutePattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "id" } => projectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "documentName" } => "v1",
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "user" or "name" } => "nobody",
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "999999",
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    _ => throw new InvalidOperationException($"Unexpected route part in {endpoint.RoutePattern.RawText}"),
                });
            }
        }

        return path.ToString();
    }

    private IEnumerable<RouteEndpoint> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not null);

    private static string Key(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
        ?? $"{endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods[0]} {endpoint.RoutePattern.RawText}";

    private static string? Describe(AccessRule? rule) => rule?.Level switch
    {
        null => null,
        AccessLevel.Anyone => "anyone",
        AccessLevel.AccountHolder => "account holder",
        AccessLevel.SignedIn => "signed in",
        AccessLevel.SignedInUnnarrowed => "signed in (unnarrowed)",
        AccessLevel.Admin => "admin",
        AccessLevel.Project => Tagloop.Core.Users.ProjectRoles.Name(rule.Role!.Value),
        _ => rule.ToString(),
    };
}
