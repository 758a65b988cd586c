using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Documents;
using Tagloop.Core.Review;
using Tagloop.Core.Training;
using Tagloop.Core.Users;
using Tagloop.Server.Annotations;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Documents;

/// <summary>Browse and read documents.</summary>
public static class DocumentEndpoints
{
    public static void MapDocumentEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}/documents").WithTags("Documents");

        group.MapGet("/", async (int id, string? filter, string? q, int? page, int? pageSize, HttpContext http, TagloopDbContext db, ModelRegistry models, CancellationToken ct) =>
        {
            var parsed = DocumentFilter.Parse(filter);
            if (!parsed.Succeeded)
            {
                return ProblemResults.ToResult(parsed.Problems);
            }

            var onlyAuthor = await ProjectAccess.OwnAnswersOnlyAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
            var chosen = parsed.Value!;
            if (chosen.Kind == DocumentFilterKind.Suspect)
            {
                // The model's suspicions come from everyone's answers: an annotator, who sees only their own, does not get them.
                chosen = chosen with { Documents = onlyAuthor is not null ? [] : [.. LikelyMislabels.From(models.Current(id)?.OutOfFold).Select(s => s.DocumentId)] };
            }

            var outcome = await new DocumentBrowser(db).BrowseAsync(id, chosen, q, page ?? 1, pageSize ?? 50, onlyAuthor, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, p =>
                TypedResults.Ok(new DocumentPageDto([.. p.Items.Select(DocumentSummaryDto.From)], p.Total, p.Page, p.PageSize)));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("ListDocuments")
        .WithSummary("Lists documents: filter=all|unlabelled|labelled|flagged|skipped|suspect|label:NAME (suspect: answers the cross-validated model confidently disagrees with), q searches the text, page from 1. An annotator sees and filters by their own answers only; reviewers, owners and viewers see everyone's.")
        .Produces<DocumentPageDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{documentId:long}", async (int id, long documentId, HttpContext http, TagloopDbContext db, CancellationToken ct) =>
        {
            var onlyAuthor = await ProjectAccess.OwnAnswersOnlyAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
            var document = await db.Documents.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Id == documentId && d.ProjectId == id, ct).ConfigureAwait(false);
            if (document is null)
            {
                return ProblemResults.ToResult(Problem.NotFound($"Project {id} has no document {documentId}."));
            }

            var annotations = await db.Annotations.AsNoTracking().Include(a => a.Labels).Include(a => a.Spans)
                .Where(a => a.DocumentId == documentId && (onlyAuthor == null || a.Author == onlyAuthor)).OrderByDescending(a => a.Id)
                .ToListAsync(ct).ConfigureAwait(false);
            var names = await AnnotationEndpoints.LabelNamesAsync(db, id, ct).ConfigureAwait(false);
            var annotationIds = annotations.Select(a => a.Id).ToList();
            var retired = (await db.RetiredAnnotationLabels.AsNoTracking().Where(r => annotationIds.Contains(r.AnnotationId) && r.Start == null)
                .Select(r => new { r.AnnotationId, r.LabelName }).ToListAsync(ct).ConfigureAwait(false)).ToLookup(r => r.AnnotationId, r => r.LabelName);
            var multiLabel = await db.Projects.Where(p => p.Id == id).Select(p => p.MultiLabel).FirstAsync(ct).ConfigureAwait(false);
            var adjudication = onlyAuthor is not null ? null
                : await db.Adjudications.AsNoTracking().Include(a => a.Labels).FirstOrDefaultAsync(a => a.DocumentId == documentId, ct).ConfigureAwait(false);
            var final = onlyAuthor is not null ? null : FinalLabel.Of(
                [.. annotations.Where(a => a.IsCurrent && a.Kind == AnnotationKind.Answer).Select(a => (IReadOnlyCollection<int>)[.. a.Labels.Select(l => l.LabelId)])],
                multiLabel, adjudication);
            return TypedResults.Ok(new DocumentDto(document.Id, document.Text, Meta.ToJson(document.MetaJson),
                [.. annotations.Select(a => AnnotationDto.From(a, names) with { RetiredLabels = [.. retired[a.Id].Distinct()] })])
            {
                Final = final is null ? null : new Review.FinalDto(
                    final.Labels is { } labels ? [.. labels.Where(names.ContainsKey).Select(l => names[l])] : null,
                    final.DecidedBy, final.Reviewer, adjudication?.DecidedAt, adjudication?.Note),
            });
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("GetDocument")
        .Produces<DocumentDto>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{documentId:long}", async (int id, long documentId, DocumentRemoval removal, CancellationToken ct) =>
        {
            var outcome = await removal.RemoveOneAsync(id, documentId, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, _ => TypedResults.NoContent());
        })
        .ForRole(ProjectRole.Owner)
        .WithName("DeleteDocument")
        .WithSummary("Deletes the document for good, with its answers and its vectors; the queue and the model follow at once.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/delete", async (int id, DocumentDeletion request, DocumentRemoval removal, ModelRegistry models, CancellationToken ct) =>
        {
            var parsed = DocumentFilter.Parse(request.Filter);
            if (!parsed.Succeeded)
            {
                return ProblemResults.ToResult(parsed.Problems);
            }

            var chosen = parsed.Value!.Kind == DocumentFilterKind.Suspect
                ? parsed.Value with { Documents = [.. LikelyMislabels.From(models.Current(id)?.OutOfFold).Select(s => s.DocumentId)] }
                : parsed.Value;
            var outcome = await removal.RemoveSelectedAsync(id, chosen, request.Q, request.Expected, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, n => TypedResults.Ok(new DeletedDto(n)));
        })
        .ForRole(ProjectRole.Owner)
        .WithName("DeleteDocuments")
        .WithSummary("Deletes every document a filter and search select (as GET …/documents lists them), with their answers and vectors. expected, the count the person confirmed, guards against a selection that changed meanwhile (409).")
        .Produces<DeletedDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

/// <summary>Which documents to delete: a filter (all, unlabelled, labelled, flagged, skipped, label:NAME) and a text search, as the list takes them; expected, the count the person confirmed.</summary>
public sealed record DocumentDeletion(string? Filter, string? Q, int? Expected);

/// <summary>How many documents were deleted.</summary>
public sealed record DeletedDto(int Deleted);
