using Tagloop.Core;
using Tagloop.Core.Projects;
using Tagloop.Core.Review;
using Tagloop.Core.Training;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Review;

/// <summary>The reviewer's queue and final labels.</summary>
public static class ReviewEndpoints
{
    public static void MapReviewEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}").WithTags("Review");

        group.MapGet("/review", async (int id, string? reason, int? page, int? pageSize, TagloopDbContext db, ModelRegistry models, CancellationToken ct) =>
        {
            var suspects = LikelyMislabels.From(models.Current(id)?.OutOfFold);
            var outcome = await new ReviewQueue(db).ListAsync(id, reason, page ?? 1, pageSize ?? 50, suspects, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, TypedResults.Ok);
        })
        .ForRole(ProjectRole.Reviewer)
        .WithName("GetReviewQueue")
        .WithSummary("Documents waiting for a reviewer, with each one's reasons (relabel, disagreement, flagged, suspect), everyone's current answers, the final label so far and, for a suspect, the label the cross-validated model suggests; reason= narrows to one reason; counts per reason.")
        .Produces<ReviewPage>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/documents/{documentId:long}/final", async (int id, long documentId, FinalRequest request, HttpContext http, TagloopDbContext db, TimeProvider time, ProjectChanges changes, CancellationToken ct) =>
        {
            var outcome = await Adjudications.SetAsync(db, id, documentId, request.Labels, request.Note, http.Caller().Name, time, changes, ct).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return ProblemResults.ToResult(outcome.Problems);
            }

            var names = await Annotations.AnnotationEndpoints.LabelNamesAsync(db, id, ct).ConfigureAwait(false);
            var a = outcome.Value!;
            return TypedResults.Ok(new FinalDto([.. a.Labels.Select(l => names[l.LabelId])], FinalDecision.Adjudication, a.DecidedBy, a.DecidedAt, a.Note));
        })
        .ForRole(ProjectRole.Reviewer)
        .WithName("SetFinalLabel")
        .WithSummary("Sets the document's final label (adjudication). The annotators' answers stay as they are, for agreement; the model learns the final label instead of their majority, and exports carry it as final with decidedBy adjudication.")
        .Produces<FinalDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/documents/{documentId:long}/final", async (int id, long documentId, TagloopDbContext db, ProjectChanges changes, CancellationToken ct) =>
        {
            var outcome = await Adjudications.WithdrawAsync(db, id, documentId, changes, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, _ => TypedResults.NoContent());
        })
        .ForRole(ProjectRole.Reviewer)
        .WithName("WithdrawFinalLabel")
        .WithSummary("Withdraws the reviewer's final label: the document's answers decide again.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
