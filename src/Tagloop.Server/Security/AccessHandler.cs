using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Tagloop.Core;
using Tagloop.Core.Users;

namespace Tagloop.Server.Security;

/// <summary>Judges an endpoint's <see cref="AccessRule"/> for the signed-in caller; a refusal says why.</summary>
internal sealed class AccessHandler : AuthorizationHandler<AccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (CallerClaims.From(context.User) is not { } caller)
        {
            return;
        }

        var rule = requirement.Rule;
        if (CallerClaims.MustChangePassword(context.User) && rule.Level != AccessLevel.AccountHolder)
        {
            context.Fail(new AuthorizationFailureReason(this, "Choose a new password first (PUT /api/v1/auth/password): yours was generated to be used once."));
            return;
        }

        switch (rule.Level)
        {
            case AccessLevel.Anyone or AccessLevel.AccountHolder or AccessLevel.SignedIn:
                context.Succeed(requirement);
                break;
            case AccessLevel.SignedInUnnarrowed when caller.Narrowed:
                context.Fail(new AuthorizationFailureReason(this, "A token narrowed to a project or a role cannot do this; use a session or an unnarrowed token."));
                break;
            case AccessLevel.SignedInUnnarrowed:
                context.Succeed(requirement);
                break;
            case AccessLevel.Admin when caller.IsAdmin && !caller.Narrowed:
                context.Succeed(requirement);
                break;
            case AccessLevel.Admin:
                context.Fail(new AuthorizationFailureReason(this, "Only a site administrator may do this."));
                break;
            case AccessLevel.Project:
                await JudgeProjectAsync(context, requirement, caller).ConfigureAwait(false);
                break;
            default:
                context.Fail(new AuthorizationFailureReason(this, "This endpoint has no access rule."));
                break;
        }
    }

    private async Task JudgeProjectAsync(AuthorizationHandlerContext context, AccessRequirement requirement, Caller caller)
    {
        if (context.Resource is not HttpContext http
            || http.GetRouteValue("id") is not { } raw
            || !int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var projectId))
        {
            context.Fail(new AuthorizationFailureReason(this, "This endpoint names no project."));
            return;
        }

        var db = http.RequestServices.GetRequiredService<TagloopDbContext>();
        var role = await ProjectAccess.RoleAsync(db, caller, projectId, http.RequestAborted).ConfigureAwait(false);
        var needed = requirement.Rule.Role!.Value;
        if (role >= needed)
        {
            context.Succeed(requirement);
            return;
        }

        var why = role is { } r
            ? $"This needs the {ProjectRoles.Name(needed)} role in project {projectId}; {(caller.TokenRole is not null ? "this token acts" : "you are")} {ProjectRoles.Name(r)}."
            : caller.TokenProjectId is { } other && other != projectId
                ? $"This token is for project {other}, not {projectId}."
                : $"You are not a member of project {projectId}; a project owner can add you.";
        context.Fail(new AuthorizationFailureReason(this, why));
    }
}
