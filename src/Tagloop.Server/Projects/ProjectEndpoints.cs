using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.Tasks;
using Tagloop.Core.Training;
using Tagloop.Core.Users;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Spans;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Projects;

/// <summary>Create, list and read projects.</summary>
public static class ProjectEndpoints
{
    public static void MapProjectEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects").WithTags("Projects");

        group.MapPost("/", async (NewProject request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            // Whoever makes a project owns it (an administrator too, so the project keeps an owner if they step down).
            var outcome = await ProjectCreation.CreateAsync(db, request, time, ct, http.Caller().UserId).ConfigureAwait(false);

            return ProblemResults.ToResult(outcome, p => TypedResults.Created($"/api/v1/projects/{p.Id}", ProjectDto.From(p, 0)));
        })
        .ForSignedIn(narrowedTokens: false)
        .WithName("CreateProject")
        .Produces<ProjectDto>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/", async (HttpContext http, TagloopDbContext db, CancellationToken ct) =>
        {
            var visible = await ProjectAccess.VisibleProjectsAsync(db, http.Caller(), ct).ConfigureAwait(false);
            var projects = (await db.Projects.AsNoTracking().Include(p => p.Labels).OrderBy(p => p.Id).ToListAsync(ct).ConfigureAwait(false))
                .Where(p => visible is null || visible.Contains(p.Id)).ToList();
            var counts = await db.Documents.GroupBy(d => d.ProjectId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, ct).ConfigureAwait(false);
            return TypedResults.Ok(projects.Select(p => ProjectDto.From(p, counts.GetValueOrDefault(p.Id))).ToList());
        })
        .ForSignedIn()
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
        .ForRole(ProjectRole.Viewer)
        .WithName("GetProject");

        group.MapPatch("/{id:int}", async (int id, ProjectUpdate request, TagloopDbContext db, CancellationToken ct) =>
        {
            var outcome = await ProjectEditing.UpdateAsync(db, id, request, ct).ConfigureAwait(false);
            var documents = outcome.Succeeded ? await db.Documents.CountAsync(d => d.ProjectId == id, ct).ConfigureAwait(false) : 0;
            return ProblemResults.ToResult(outcome, p => TypedResults.Ok(ProjectDto.From(p, documents)));
        })
        .ForRole(ProjectRole.Owner)
        .WithName("UpdateProject")
        .WithSummary("Renames the project or changes its guidelines (fields left out stay as they are).")
        .Produces<ProjectDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{id:int}", async (int id, TagloopDbContext db, ProjectRemoval removal, Core.Explore.ExploreMaps explore, QueueFocus focus, CancellationToken ct) =>
        {
            var outcome = await removal.RemoveAsync(db, id, ct).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                explore.Forget(id);
                focus.Forget(id);
            }

            return ProblemResults.ToResult(outcome, _ => TypedResults.NoContent());
        })
        .ForRole(ProjectRole.Owner)
        .WithName("DeleteProject")
        .WithSummary("Deletes the project for good: its labels, documents, answers, training history, model and vector files. There is no undo.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id:int}/settings", async (int id, ProjectSettings request, TagloopDbContext db, TrainingCoordinator training, TaskPools pools, CancellationToken ct) =>
        {
            var project = await db.Projects.Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == id, ct).ConfigureAwait(false);
            if (project is null)
            {
                return ProjectLookup.NotFound(id);
            }

            if (request.Strategy is not null && project.Task == ProjectTask.SpanTagging)
            {
                var sentenceStrategy = SentenceAcquisition.Find(request.Strategy);
                if (sentenceStrategy is null)
                {
                    return ProblemResults.ToResult(Problem.Invalid("strategy", $"Unknown strategy '{UnicodeText.Quote(request.Strategy)}' for a span-tagging project; use one of {string.Join(", ", SentenceAcquisition.Names)}."));
                }

                project.Strategy = sentenceStrategy;
            }
            else if (request.Strategy is not null)
            {
                var strategy = AcquisitionCatalog.Find(request.Strategy);
                if (strategy is null)
                {
                    return ProblemResults.ToResult(Problem.Invalid("strategy", $"Unknown strategy '{UnicodeText.Quote(request.Strategy)}'; use one of {string.Join(", ", AcquisitionCatalog.Names)}."));
                }

                project.Strategy = strategy.Name;
            }

            if (request.Encoder is not null)
            {
                var encoder = ProjectEncoder.Parse(request.Encoder);
                if (!encoder.Succeeded)
                {
                    return ProblemResults.ToResult(encoder.Problems[0]);
                }

                project.Encoder = encoder.Value!;
            }

            var overlapChanged = false;
            if (request.OverlapShare is { } share)
            {
                if (double.IsNaN(share) || share is < 0 or > 1)
                {
                    return ProblemResults.ToResult(Problem.Invalid("overlapShare", $"overlapShare {share.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a share: give a number from 0 (no overlap) to 1 (every document)."));
                }

                overlapChanged |= project.OverlapShare != share;
                project.OverlapShare = share;
            }

            if (request.OverlapAnswers is { } answers)
            {
                if (answers is < Overlap.MinAnswers or > Overlap.MaxAnswers)
                {
                    return ProblemResults.ToResult(Problem.Invalid("overlapAnswers", $"overlapAnswers {answers} is out of range: from {Overlap.MinAnswers} to {Overlap.MaxAnswers} people per document."));
                }

                overlapChanged |= project.OverlapAnswers != answers;
                project.OverlapAnswers = answers;
            }

            if (request.OverlappingSpans is { } overlapping)
            {
                if (project.Task != ProjectTask.SpanTagging)
                {
                    return ProblemResults.ToResult(Problem.Invalid("overlappingSpans", "overlappingSpans is a setting of span-tagging projects; this project classifies documents."));
                }

                project.OverlappingSpans = overlapping;
            }

            if (request.SpanUnit is not null)
            {
                if (project.Task != ProjectTask.SpanTagging)
                {
                    return ProblemResults.ToResult(Problem.Invalid("spanUnit", "spanUnit is a setting of span-tagging projects; this project classifies documents."));
                }

                if (SpanUnits.Find(request.SpanUnit) is not { } unit)
                {
                    return ProblemResults.ToResult(Problem.Invalid("spanUnit", $"Unknown spanUnit '{UnicodeText.Quote(request.SpanUnit)}'; use {string.Join(" or ", SpanUnits.Names)}."));
                }

                project.SpanUnit = unit;
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            if (overlapChanged)
            {
                // The queue reloads with the new share at the next request.
                pools.Forget(id);
            }

            training.Request(id);
            var documents = await db.Documents.CountAsync(d => d.ProjectId == id, ct).ConfigureAwait(false);
            return TypedResults.Ok(ProjectDto.From(project, documents));
        })
        .ForRole(ProjectRole.Owner)
        .WithName("UpdateProjectSettings")
        .WithSummary("Changes how the model picks the next document (the acquisition strategy; the queue is re-ranked at once), what it reads documents with (the encoder; documents are re-encoded in the background while the model learns from words alone), or the share of documents several people answer independently (overlapShare, overlapAnswers), or, for span-tagging projects, whether spans may overlap (overlappingSpans) and whether the queue shows a sentence or a paragraph at a time (spanUnit).")
        .Produces<ProjectDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/strategies", () => TypedResults.Ok(StrategyDto.All))
            .WithTags("Projects")
            .ForSignedIn()
        .WithName("ListStrategies")
            .WithSummary("The acquisition strategies a project can use, with the default first.");

        api.MapGet("/encoders", () => TypedResults.Ok(EncoderDto.All))
            .WithTags("Projects")
            .ForSignedIn()
        .WithName("ListEncoders")
            .WithSummary("The encoders a project can use (what its model reads documents with), with the default first.");
    }
}
