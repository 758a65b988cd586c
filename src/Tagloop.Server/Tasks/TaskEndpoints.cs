using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.Tasks;
using Tagloop.Core.Training;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Tasks;

/// <summary>Serves the next document to annotate.</summary>
public static class TaskEndpoints
{
    public static void MapTaskEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/projects/{id:int}/tasks/next", async (int id, string? mode, HttpContext http, TagloopDbContext db, TaskPools pools, ITaskLeases leases, ModelRegistry models, QueueFocus focus, CancellationToken ct) =>
        {
            var annotator = AnnotatorHeader.Read(http);
            if (!annotator.Succeeded)
            {
                return ProblemResults.ToResult(annotator.Problems);
            }

            if (mode is not null and not (SpanTask.Correct or SpanTask.Teach))
            {
                return ProblemResults.ToResult(Problem.Invalid("mode", $"Unknown mode '{UnicodeText.Quote(mode, 40)}'; use {SpanTask.Correct} or {SpanTask.Teach}."));
            }

            if (!await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false))
            {
                return ProjectLookup.NotFound(id);
            }

            var next = await new TaskQueue(db, pools, leases, models, focus).NextTaskAsync(id, annotator.Value!, ct).ConfigureAwait(false);
            if (next is null)
            {
                return TypedResults.NoContent();
            }

            var document = next.Document;
            if (await db.Projects.Where(p => p.Id == id).Select(p => p.Task).FirstAsync(ct).ConfigureAwait(false) == ProjectTask.SpanTagging)
            {
                return TypedResults.Ok(await SpanTaskAsync(db, id, annotator.Value!, next, models.CurrentSpans(id), mode == SpanTask.Teach, ct).ConfigureAwait(false));
            }

            var model = models.Current(id);

            // On an overlap document the guess would carry the answers of whoever labelled it first.
            var score = next.Independent ? null : model?.Score(document.Id);

            // Until the model has caught up with a change to the labels, its guess may name a label that is gone.
            if (score is not null && !await db.Labels.AnyAsync(l => l.ProjectId == id && l.Name == score.Label, ct).ConfigureAwait(false))
            {
                score = null;
            }

            return TypedResults.Ok(new TaskDto(
                document.Id,
                document.Text,
                Meta.ToJson(document.MetaJson),
                score is null ? null : new PredictionDto(score.Label, score.Confidence),
                next.RelabelReason ?? (next.SkippedBefore ? "You skipped this one earlier; it is back because nothing else is left for you."
                    : next.Independent ? "Several people label this one independently, to measure agreement: the model's guess is hidden." : score?.Reason),
                model?.Version)
            {
                SkippedBefore = next.SkippedBefore,
                Relabel = next.RelabelReason is not null,
                Independent = next.Independent,
                Assigned = next.Assigned,
            });
        })
        .WithTags("Tasks")
        .ForRole(ProjectRole.Annotator)
        .WithName("GetNextTask")
        .WithSummary("The next document for the annotator named by X-Tagloop-Annotator; documents a split of their label sent back come first (relabel, with the reason); what they skipped comes back (skippedBefore) only when nothing else is open to them; 204 when nothing is left. Span-tagging projects: the task names the sentence to annotate (region, tokens), the model's spans there, and with mode=teach one suggested span to accept or reject.")
        .Produces<TaskDto>()
        .Produces(StatusCodes.Status204NoContent)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<TaskDto> SpanTaskAsync(TagloopDbContext db, int projectId, string annotator, QueuedDocument next, SpanModelSnapshot? model, bool teach, CancellationToken ct)
    {
        var document = next.Document;
        var mine = await db.Annotations.AsNoTracking().Include(a => a.Spans)
            .FirstOrDefaultAsync(a => a.ProjectId == projectId && a.DocumentId == document.Id && a.Author == annotator && a.IsCurrent, ct).ConfigureAwait(false);
        var labelNames = await db.Labels.Where(l => l.ProjectId == projectId).ToDictionaryAsync(l => l.Id, l => l.Name, ct).ConfigureAwait(false);
        var paragraphs = await db.Projects.Where(p => p.Id == projectId).Select(p => p.SpanUnit).FirstAsync(ct).ConfigureAwait(false) == SpanUnits.Paragraph;

        // A model of other entity types (the taxonomy changed since it was trained) suggests nothing until the next one.
        var usable = model is not null && model.EntityTypes.All(labelNames.ContainsValue) ? model : null;
        var task = SpanTask.Describe(document.Text, mine, labelNames, usable, teach, paragraphs);
        return new TaskDto(
            document.Id,
            document.Text,
            Meta.ToJson(document.MetaJson),
            null,
            next.RelabelReason ?? (next.SkippedBefore ? "You skipped this one earlier; it is back because nothing else is left for you." : task.Reason),
            usable?.Version)
        {
            SkippedBefore = next.SkippedBefore,
            Relabel = next.RelabelReason is not null,
            Independent = next.Independent,
            Assigned = next.Assigned,
            Region = task.Region,
            Tokens = task.Tokens,
            Spans = task.Spans,
            Suggestion = task.Suggestion,
            RegionNumber = task.RegionNumber,
            RegionCount = task.RegionCount,
            RegionsAnswered = task.RegionsAnswered,
        };
    }
}
