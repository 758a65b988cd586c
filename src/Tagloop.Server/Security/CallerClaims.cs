using System.Globalization;
using System.Security.Claims;
using Tagloop.Core.Users;

namespace Tagloop.Server.Security;

/// <summary>How a <see cref="Caller"/> travels in the request's principal, and back.</summary>
internal static class CallerClaims
{
    public const string Scheme = "Tagloop";
    private const string Admin = "tagloop:admin";
    private const string Local = "tagloop:local";
    private const string TokenId = "tagloop:token";
    private const string TokenProject = "tagloop:token-project";
    private const string TokenRole = "tagloop:token-role";
    private const string SessionId = "tagloop:session";
    private const string MustChange = "tagloop:must-change-password";

    public static ClaimsPrincipal Principal(Caller caller, long? sessionId = null, bool mustChangePassword = false)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, caller.Name) };
        if (caller.UserId is { } userId)
        {
            claims.Add(new(ClaimTypes.NameIdentifier, userId.ToString(CultureInfo.InvariantCulture)));
        }

        if (caller.IsAdmin)
        {
            claims.Add(new(Admin, "true"));
        }

        if (caller.Local)
        {
            claims.Add(new(Local, "true"));
        }

        if (caller.TokenId is { } token)
        {
            claims.Add(new(TokenId, token.ToString(CultureInfo.InvariantCulture)));
        }

        if (caller.TokenProjectId is { } project)
        {
            claims.Add(new(TokenProject, project.ToString(CultureInfo.InvariantCulture)));
        }

        if (caller.TokenRole is { } role)
        {
            claims.Add(new(TokenRole, ProjectRoles.Name(role)));
        }

        if (sessionId is { } session)
        {
            claims.Add(new(SessionId, session.ToString(CultureInfo.InvariantCulture)));
        }

        if (mustChangePassword)
        {
            claims.Add(new(MustChange, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The caller of an authenticated request; null when nobody signed in.</summary>
    public static Caller? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.Name) is not { } name)
        {
            return null;
        }

        return new Caller(
            Long(principal.FindFirstValue(ClaimTypes.NameIdentifier)),
            name,
            principal.HasClaim(Admin, "true"),
            principal.HasClaim(Local, "true"),
            (int?)Long(principal.FindFirstValue(TokenProject)),
            principal.FindFirstValue(TokenRole) is { } role ? ProjectRoles.Parse(role, "role").Value : null,
            Long(principal.FindFirstValue(TokenId)));
    }

    public static long? Session(ClaimsPrincipal principal) => Long(principal.FindFirstValue(SessionId));

    public static bool MustChangePassword(ClaimsPrincipal principal) => principal.HasClaim(MustChange, "true");

    private static long? Long(string? value) => value is null ? null : long.Parse(value, CultureInfo.InvariantCulture);
}
