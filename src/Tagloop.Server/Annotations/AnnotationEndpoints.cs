using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Projects;
using Tagloop.Core.Training;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Annotations;

/// <summary>Record an answer, undo one, and read a project's statistics.</summary>
public static class AnnotationEndpoints
{
    public static void MapAnnotationEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}").WithTags("Annotations");

        group.MapPost("/annotations", async (int id, NewAnnotation request, HttpContext http, TagloopDbContext db, TimeProvider time, ProjectChanges changes, CancellationToken ct) =>
        {
            var annotator = AnnotatorHeader.Read(http);
            if (!annotator.Succeeded)
            {
                return ProblemResults.ToResult(annotator.Problems);
            }

            var outcome = await new AnnotationRecorder(db, time, changes).RecordAsync(id, annotator.Value!, request, ct).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return ProblemResults.ToResult(outcome.Problems);
            }

            var names = await LabelNamesAsync(db, id, ct).ConfigureAwait(false);
            var annotation = outcome.Value!;
            return TypedResults.Created($"/api/v1/projects/{id}/annotations/{annotation.Id}", AnnotationDto.From(annotation, names));
        })
        .ForRole(ProjectRole.Annotator)
        .WithName("CreateAnnotation")
        .WithSummary("Records an answer (labels), a skip, or a flag on a document. Committed before the response.")
        .Produces<AnnotationDto>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/annotations/bulk", async (int id, BulkAnswer request, HttpContext http, TagloopDbContext db, TimeProvider time, ProjectChanges changes, CancellationToken ct) =>
        {
            var annotator = AnnotatorHeader.Read(http);
            if (!annotator.Succeeded)
            {
                return ProblemResults.ToResult(annotator.Problems);
            }

            var outcome = await new BulkAnswers(db, time, changes).RecordAsync(id, annotator.Value!, request, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, result => TypedResults.Ok(result));
        })
        .ForRole(ProjectRole.Annotator)
        .WithName("CreateBulkAnnotations")
        .WithSummary("Gives many documents of a classification project the same labels ({documentIds: up to 5,000, labels}) as the caller's answer to each, in one transaction: "
            + "the caller's earlier answer on each is replaced, other people's stay; documents whose answer already had these labels are counted as unchanged. All or nothing.")
        .Produces<BulkAnswerResult>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/annotations/{annotationId:long}", async (int id, long annotationId, HttpContext http, TagloopDbContext db, TimeProvider time, ProjectChanges changes, CancellationToken ct) =>
        {
            var caller = http.Caller();
            var role = await ProjectAccess.RoleAsync(db, caller, id, ct).ConfigureAwait(false);
            var onlyAuthor = caller.Local || role >= ProjectRole.Reviewer ? null : caller.Name;
            var outcome = await new AnnotationRecorder(db, time, changes).UndoAsync(id, annotationId, onlyAuthor, ct).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return ProblemResults.ToResult(outcome.Problems);
            }

            return TypedResults.NoContent();
        })
        .ForRole(ProjectRole.Annotator)
        .WithName("DeleteAnnotation")
        .WithSummary("Undoes an answer; the author's previous answer on that document becomes current again. An annotator undoes only their own answers (403 otherwise); a reviewer or owner anyone's.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/stats", async (int id, TagloopDbContext db, CancellationToken ct) =>
        {
            var outcome = await new ProjectStatisticsQuery(db).ComputeAsync(id, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, TypedResults.Ok);
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("GetStats")
        .Produces<ProjectStatistics>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/agreement", async (int id, TagloopDbContext db, CancellationToken ct) =>
        {
            var outcome = await new AgreementQuery(db).ComputeAsync(id, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, r => TypedResults.Ok(AgreementDto.From(r)));
        })
        .ForRole(ProjectRole.Reviewer)
        .WithName("GetAgreement")
        .WithSummary("Inter-annotator agreement over the documents two or more people answered: Krippendorff's α and Fleiss' κ (single-label projects), α per label, Cohen's κ per pair and figures per annotator, each with a 95% bootstrap interval; null where undefined.")
        .Produces<AgreementDto>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        MapAnnotatorFigures(group);
    }

    private static void MapAnnotatorFigures(RouteGroupBuilder group) =>
        group.MapGet("/annotators", async (int id, TagloopDbContext db, ModelRegistry models, CancellationToken ct) =>
        {
            var outcome = await new AnnotatorFiguresQuery(db).ComputeAsync(id, models.Current(id)?.OutOfFold, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, r => TypedResults.Ok(r));
        })
        .ForRole(ProjectRole.Owner)
        .WithName("GetAnnotatorFigures")
        .WithSummary("Per annotator, for owners: current answers, skips and flags (with rates), the median seconds per answer, how often the cross-validated model (which never learnt the answer it is compared with) agrees with them, in single-label projects once the model has been evaluated, and how often their labels are exactly the final labels someone else decided in review.")
        .Produces<IReadOnlyList<AnnotatorFigures>>()
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Dictionary<int, string>> LabelNamesAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken) =>
        await db.Labels.AsNoTracking().Where(l => l.ProjectId == projectId)
            .ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken).ConfigureAwait(false);
}
