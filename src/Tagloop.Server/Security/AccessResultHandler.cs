using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Tagloop.Server.Security;

/// <summary>Writes a 403 that says why (the failed rule's reason); a missing sign-in goes to the challenge (401).</summary>
internal sealed class AccessResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).Distinct().ToList() ?? [];
            return AccessProblems.Write(context, StatusCodes.Status403Forbidden, "Not allowed.",
                reasons.Count > 0 ? string.Join(" ", reasons) : "Your role does not allow this.");
        }

        return fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
