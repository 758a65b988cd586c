namespace Tagloop.Server.Security;

/// <summary>
/// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure when the
/// request came over TLS (directly or through a proxy that says so), path /.
/// </summary>
internal static class SessionCookie
{
    public const string Name = "tagloop_session";

    public static void Set(HttpContext http, string secret, DateTimeOffset expires) =>
        http.Response.Cookies.Append(Name, secret, Options(http, expires));

    public static void Clear(HttpContext http) =>
        http.Response.Cookies.Delete(Name, Options(http, null));

    public static string? Read(HttpContext http) => http.Request.Cookies.TryGetValue(Name, out var value) ? value : null;

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
