using Microsoft.Extensions.Options;
using Tagloop.Server.Hosting;

namespace Tagloop.Server.Security;

/// <summary>Runs <see cref="BrowserRequestGuard"/> before anything else and answers refused requests with a problem.</summary>
internal sealed partial class RequestGuardMiddleware(RequestDelegate next, IOptions<TagloopServerOptions> options, ILogger<RequestGuardMiddleware> logger)
{
    private readonly AllowedHosts hosts = new(options.Value.AllowedHosts);

    public Task InvokeAsync(HttpContext context)
    {
        var refusal = BrowserRequestGuard.Judge(context.Request, hosts);
        if (refusal is null)
        {
            return next(context);
        }

        LogRefused(refusal.Reason, context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Host.ToString(),
            context.Request.Headers.Origin.ToString(), context.Request.Headers["Sec-Fetch-Site"].ToString());
        return TypedResults.Problem(detail: refusal.Detail, statusCode: refusal.Status, title: refusal.Title).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} ({Reason}): Host '{Host}', Origin '{Origin}', Sec-Fetch-Site '{Site}'")]
    private partial void LogRefused(RefusalReason reason, string method, string path, string host, string origin, string site);
}
