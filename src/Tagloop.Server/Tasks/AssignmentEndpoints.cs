using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Tasks;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Tasks;

/// <summary>Owners setting documents aside for people: the queue serves those to them first and to no one else.</summary>
public static class AssignmentEndpoints
{
    public static void MapAssignmentEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}/assignments").WithTags("Tasks");

        group.MapGet("/", async (int id, TagloopDbContext db, TaskPools pools, CancellationToken ct) =>
        {
            if (!await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false))
            {
                return ProjectLookup.NotFound(id);
            }

            var assignments = await Assignments.ListAsync(db, pools, id, ct).ConfigureAwait(false);
            return TypedResults.Ok(new AssignmentsDto([.. assignments.Select(AssignmentDto.From)]));
        })
        .ForRole(ProjectRole.Reviewer)
        .WithName("ListAssignments")
        .WithSummary("Who has which documents set aside, with how many each holds and how many are still open to them.")
        .Produces<AssignmentsDto>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (int id, NewAssignment request, HttpContext http, TagloopDbContext db, TaskPools pools, TimeProvider time, CancellationToken ct) =>
        {
            if (!await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false))
            {
                return ProjectLookup.NotFound(id);
            }

            var outcome = await Assignments.AddAsync(db, pools, id, request, http.Caller().Name, http.From(), time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, a => TypedResults.Created($"/api/v1/projects/{id}/assignments/{a.Assignment.Id}", AssignmentDto.From(a)));
        })
        .ForRole(ProjectRole.Owner)
        .WithName("AddAssignment")
        .WithSummary("Sets documents aside for a person ({user, documentIds?, search?, metaField?, metaValue?, note?}; every condition given must hold). "
            + "Their queue serves them first, and no one else gets them until that person has answered.")
        .Produces<AssignmentDto>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{assignmentId:int}", async (int id, int assignmentId, HttpContext http, TagloopDbContext db, TaskPools pools, TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await Assignments.RemoveAsync(db, pools, id, assignmentId, http.Caller().Name, http.From(), time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, _ => TypedResults.NoContent());
        })
        .ForRole(ProjectRole.Owner)
        .WithName("RemoveAssignment")
        .WithSummary("Ends an assignment: its documents are open to everyone again. Answers already given stay.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
