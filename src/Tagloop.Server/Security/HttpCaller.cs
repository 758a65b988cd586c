using Tagloop.Core.Users;

namespace Tagloop.Server.Security;

/// <summary>The caller of a request that passed its access rule, and where it came from.</summary>
internal static class HttpCaller
{
    public static Caller Caller(this HttpContext http) =>
        CallerClaims.From(http.User) ?? throw new InvalidOperationException("The endpoint's access rule let an anonymous request through.");

    public static string? From(this HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
