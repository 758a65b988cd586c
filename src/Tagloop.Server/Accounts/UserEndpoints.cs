using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Accounts;

/// <summary>Site administration: users and the audit trail.</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Accounts");

        group.MapGet("/", async (TagloopDbContext db, CancellationToken ct) =>
        {
            var users = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedName).ToListAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(users.Select(UserDto.From).ToList());
        })
        .ForAdmin()
        .WithName("ListUsers");

        group.MapPost("/", async (NewUserRequest request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await UserAccounts.AddAsync(db, request.Name, request.Password, request.Admin, http.Caller().Name, http.From(), time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, added =>
                TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(added.User.Name)}", new AddedUserDto(UserDto.From(added.User), added.GeneratedPassword)));
        })
        .ForAdmin()
        .WithName("AddUser")
        .WithSummary("Adds a user. Without a password one is generated (in the answer, once) and must be changed at first sign-in. The first user turns accounts on.")
        .Produces<AddedUserDto>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPatch("/{name}", async (string name, UserChange request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var actor = http.Caller().Name;
            string? password = null;
            User? user = null;
            if (request.Disabled is { } disabled)
            {
                var outcome = await UserAccounts.SetDisabledAsync(db, name, disabled, actor, http.From(), time, ct).ConfigureAwait(false);
                if (!outcome.Succeeded)
                {
                    return ProblemResults.ToResult(outcome.Problems);
                }

                user = outcome.Value;
            }

            if (request.Admin is { } admin)
            {
                var outcome = await UserAccounts.SetAdminAsync(db, name, admin, actor, http.From(), time, ct).ConfigureAwait(false);
                if (!outcome.Succeeded)
                {
                    return ProblemResults.ToResult(outcome.Problems);
                }

                user = outcome.Value;
            }

            if (request.ResetPassword == true)
            {
                var outcome = await UserAccounts.SetPasswordAsync(db, name, null, actor, http.From(), time, ct).ConfigureAwait(false);
                if (!outcome.Succeeded)
                {
                    return ProblemResults.ToResult(outcome.Problems);
                }

                user = outcome.Value!.User;
                password = outcome.Value.GeneratedPassword;
            }

            user ??= await UserAccounts.FindAsync(db, name, ct).ConfigureAwait(false);
            return user is null
                ? ProblemResults.ToResult(Problem.NotFound($"There is no user named '{UnicodeText.Quote(name, 40)}'."))
                : TypedResults.Ok(new AddedUserDto(UserDto.From(user), password));
        })
        .ForAdmin()
        .WithName("UpdateUser")
        .WithSummary("Disables or enables a user, makes them an administrator or not, or resets their password (a generated one, in the answer once).")
        .Produces<AddedUserDto>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/audit", async (TagloopDbContext db, int? page, int? pageSize, CancellationToken ct) =>
        {
            var size = Math.Clamp(pageSize ?? 100, 1, 1000);
            var number = Math.Max(page ?? 1, 1);
            var total = await db.AuditEvents.CountAsync(ct).ConfigureAwait(false);
            var events = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Id).Skip((int)Math.Min((long)(number - 1) * size, int.MaxValue)).Take(size)
                .Select(e => new AuditEventDto(e.Id, e.At, e.Action, e.Actor, e.ProjectId, e.Detail, e.RemoteAddress))
                .ToListAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(new AuditPageDto(events, total, number, size));
        })
        .ForAdmin()
        .WithTags("Accounts")
        .WithName("GetAudit")
        .WithSummary("The audit trail, newest first: sign-ins and failed ones, users, roles and tokens made, changed and used, with who, when and from where.");
    }
}
