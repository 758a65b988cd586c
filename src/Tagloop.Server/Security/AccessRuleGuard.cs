namespace Tagloop.Server.Security;

/// <summary>
/// Deny by default: an endpoint mapped without an <see cref="AccessRule"/> answers nobody. Routing's own answers (the
/// 405 for another method, the 415 for another content type) are not mapped endpoints and pass.
/// </summary>
internal sealed class AccessRuleGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint && endpoint.Metadata.GetMetadata<AccessRule>() is null)
        {
            return AccessProblems.Write(context, StatusCodes.Status403Forbidden, "Not allowed.", $"{endpoint.DisplayName} has no access rule, so it answers nobody.");
        }

        return next(context);
    }
}
