using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Projects;
using Tagloop.Server.Hosting;

namespace Tagloop.Server.Projects;

/// <summary>Create, list and read projects.</summary>
public static class ProjectEndpoints
{
    public static void MapProjectEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects").WithTags("Projects");

        group.MapPost("/", async (NewProject request, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await ProjectCreation.CreateAsync(db, request, time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, p => TypedResults.Created($"/api/v1/projects/{p.Id}", ProjectDto.From(p, 0)));
        })
        .WithName("CreateProject")
        .Produces<ProjectDto>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/", async (TagloopDbContext db, CancellationToken ct) =>
        {
            var projects = await db.Projects.AsNoTracking().Include(p => p.Labels).OrderBy(p => p.Id).ToListAsync(ct).ConfigureAwait(false);
            var counts = await db.Documents.GroupBy(d => d.ProjectId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, ct).ConfigureAwait(false);
            return TypedResults.Ok(projects.Select(p => ProjectDto.From(p, counts.GetValueOrDefault(p.Id))).ToList());
        })
        .WithName("ListProjects");

        group.MapGet("/{id:int}", async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> (int id, TagloopDbContext db, CancellationToken ct) =>
        {
            var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == id, ct).ConfigureAwait(false);
            if (project is null)
            {
                return TypedResults.Problem(detail: $"There is no project {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");
            }

            var documents = await db.Documents.CountAsync(d => d.ProjectId == id, ct).ConfigureAwait(false);
            return TypedResults.Ok(ProjectDto.From(project, documents));
        })
        .WithName("GetProject");
    }
}
