using Tagloop.Core;
using Tagloop.Core.Tasks;
using Tagloop.Server.Hosting;

namespace Tagloop.Server.Tasks;

/// <summary>Serves the next document to annotate.</summary>
public static class TaskEndpoints
{
    public static void MapTaskEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/projects/{id:int}/tasks/next", async (int id, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var annotator = AnnotatorHeader.Read(http);
            if (!annotator.Succeeded)
            {
                return ProblemResults.ToResult(annotator.Problems);
            }

            if (!await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false))
            {
                return ProjectLookup.NotFound(id);
            }

            var document = await new TaskQueue(db, time).NextAsync(id, annotator.Value!, ct).ConfigureAwait(false);
            return document is null
                ? TypedResults.NoContent()
                : TypedResults.Ok(new TaskDto(document.Id, document.Text, Meta.ToJson(document.MetaJson)));
        })
        .WithTags("Tasks")
        .WithName("GetNextTask")
        .WithSummary("The next document for the annotator named by X-Tagloop-Annotator; 204 when nothing is left.")
        .Produces<TaskDto>()
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
