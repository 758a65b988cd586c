using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Accounts;

/// <summary>A project's members and their roles.</summary>
public static class MemberEndpoints
{
    public static void MapMemberEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}/members").WithTags("Accounts");

        group.MapGet("/", async (int id, TagloopDbContext db, CancellationToken ct) =>
        {
            if (!await db.Projects.AnyAsync(p => p.Id == id, ct).ConfigureAwait(false))
            {
                return ProblemResults.ToResult(Problem.NotFound($"There is no project {id}."));
            }

            var members = await ProjectMembers.ListAsync(db, id, ct).ConfigureAwait(false);
            return TypedResults.Ok(new MembersDto([.. members.Select(MemberDto.From)]));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("ListMembers")
        .Produces<MembersDto>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (int id, NewMember request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            if (!await db.Projects.AnyAsync(p => p.Id == id, ct).ConfigureAwait(false))
            {
                return ProblemResults.ToResult(Problem.NotFound($"There is no project {id}."));
            }

            var outcome = await ProjectMembers.SetAsync(db, id, request.User, request.Role, http.Caller().Name, http.From(), time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, m => TypedResults.Ok(MemberDto.From(m)));
        })
        .ForRole(ProjectRole.Owner)
        .WithName("SetMember")
        .WithSummary("Adds a user to the project with a role, or changes their role. The last owner cannot be demoted.")
        .Produces<MemberDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{user}", async (int id, string user, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await ProjectMembers.RemoveAsync(db, id, user, http.Caller().Name, http.From(), time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, _ => TypedResults.NoContent());
        })
        .ForRole(ProjectRole.Owner)
        .WithName("RemoveMember")
        .WithSummary("Removes a user from the project; their answers stay.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
