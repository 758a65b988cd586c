using Microsoft.Extensions.Primitives;

namespace Tagloop.Server.Security;

/// <summary>
/// Decides whether a request may reach Tagloop. A loopback server without accounts is open to every web page the
/// user visits, so two kinds of request are refused: those addressed to a name that is not this server's (DNS
/// rebinding), and those another site's page makes the browser send — an image, a form, a script's no-cors fetch
/// — told apart by Fetch Metadata (<c>Sec-Fetch-Site</c>) and, for browsers without it, by <c>Origin</c>. Scripts
/// and the CLI send neither header and are unaffected. The one cross-site request allowed is a top-level
/// navigation to the web UI (a link someone followed), which changes nothing and reads nothing the page could see.
/// </summary>
public static class BrowserRequestGuard
{
    /// <summary>The reason a request is refused, or null when it may go on.</summary>
    public static Refusal? Judge(HttpRequest request, AllowedHosts hosts)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(hosts);
        var host = request.Headers.Host.ToString();
        if (!hosts.Allows(host))
        {
            return new Refusal(
                StatusCodes.Status421MisdirectedRequest,
                "This server does not answer to that name.",
                host.Length == 0
                    ? "The request has no Host header; Tagloop answers requests addressed to localhost, 127.0.0.1 or [::1]."
                    : $"Tagloop answers requests addressed to localhost, 127.0.0.1 or [::1]{Configured(hosts)}, not to '{Shorten(host)}'. " +
                      "To reach it under another name, start it with 'tagloop serve --allowed-host NAME'.",
                RefusalReason.Host);
        }

        var site = Single(request.Headers["Sec-Fetch-Site"]);
        if (site is not null && !IsSameOriginOrUser(site) && !IsTopLevelNavigationToPage(request))
        {
            return CrossSite($"The browser marked this request as made by another site's page (Sec-Fetch-Site: {Shorten(site)}).", RefusalReason.FetchMetadata);
        }

        var origin = Single(request.Headers.Origin);
        if (origin is not null && !SameOrigin(origin, host))
        {
            return CrossSite($"The request comes from the page at {Shorten(origin)}, not from Tagloop's own pages.", RefusalReason.Origin);
        }

        return null;
    }

    private static Refusal CrossSite(string why, RefusalReason reason) => new(
        StatusCodes.Status403Forbidden,
        "Requests from other sites are refused.",
        why + " Tagloop only answers its own pages and programs that call it directly (scripts, curl, the tagloop command).",
        reason);

    private static bool IsSameOriginOrUser(string site) =>
        site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) || site.Equals("none", StringComparison.OrdinalIgnoreCase);

    private static bool IsTopLevelNavigationToPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && string.Equals(Single(request.Headers["Sec-Fetch-Mode"]), "navigate", StringComparison.OrdinalIgnoreCase)
        && string.Equals(Single(request.Headers["Sec-Fetch-Dest"]), "document", StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An <c>Origin</c> matches when its host and port are the ones the request was addressed to. <c>null</c> (a
    /// sandboxed frame, a local file, a redirect across sites) never matches. The scheme is not compared: a proxy
    /// that adds TLS in front of Tagloop forwards https origins to a plain-HTTP server.
    /// </summary>
    private static bool SameOrigin(string origin, string host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.Equals(uri.Authority, host.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? Single(StringValues values) => values.Count == 0 ? null : values.ToString();

    private static string Configured(AllowedHosts hosts) =>
        hosts.Configured.Count == 0 ? "" : " or " + string.Join(", ", hosts.Configured);

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
