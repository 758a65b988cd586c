namespace Tagloop.Server.Security;

/// <summary>
/// Headers on every answer that keep other sites' pages from framing Tagloop, reading its answers through
/// no-cors embeds, or running anything but Tagloop's own scripts in its pages.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Scripts, styles and connections only from Tagloop itself; no plugins, no frames of it anywhere. Styles set
    /// through the DOM (<c>el.style</c>) are not inline styles, so the UI needs no <c>'unsafe-inline'</c>.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set when the answer starts, so that an error page that replaced the headers carries them too.
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
}
