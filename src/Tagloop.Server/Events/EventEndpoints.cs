using Tagloop.Core;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Events;

/// <summary>A project's live updates, pushed to browsers as server-sent events.</summary>
public static class EventEndpoints
{
    public static void MapEventEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/projects/{id:int}/events", async (int id, TagloopDbContext db, CancellationToken ct) =>
            await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false) ? new ProjectEventStream(id) : ProjectLookup.NotFound(id))
        .WithTags("Events")
        .ForRole(ProjectRole.Viewer)
        .WithName("GetProjectEvents")
        .WithSummary("Server-sent events (text/event-stream): `model` with a ModelEventDto when a new model is published, `stats` with a StatsEventDto when answers change, and a comment every 15 s.")
        .Produces<ModelEventDto>(StatusCodes.Status200OK, "text/event-stream")
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
