using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Documents;
using Tagloop.Server.Annotations;
using Tagloop.Server.Hosting;

namespace Tagloop.Server.Documents;

/// <summary>Browse and read documents.</summary>
public static class DocumentEndpoints
{
    public static void MapDocumentEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}/documents").WithTags("Documents");

        group.MapGet("/", async (int id, string? filter, string? q, int? page, int? pageSize, TagloopDbContext db, CancellationToken ct) =>
        {
            var parsed = DocumentFilter.Parse(filter);
            if (!parsed.Succeeded)
            {
                return ProblemResults.ToResult(parsed.Problems);
            }

            var outcome = await new DocumentBrowser(db).BrowseAsync(id, parsed.Value!, q, page ?? 1, pageSize ?? 50, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, p =>
                TypedResults.Ok(new DocumentPageDto([.. p.Items.Select(DocumentSummaryDto.From)], p.Total, p.Page, p.PageSize)));
        })
        .WithName("ListDocuments")
        .WithSummary("Lists documents: filter=all|unlabelled|labelled|flagged|skipped|label:NAME, q searches the text, page from 1.")
        .Produces<DocumentPageDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{documentId:long}", async (int id, long documentId, TagloopDbContext db, CancellationToken ct) =>
        {
            var document = await db.Documents.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Id == documentId && d.ProjectId == id, ct).ConfigureAwait(false);
            if (document is null)
            {
                return ProblemResults.ToResult(Problem.NotFound($"Project {id} has no document {documentId}."));
            }

            var annotations = await db.Annotations.AsNoTracking().Include(a => a.Labels).Include(a => a.Spans)
                .Where(a => a.DocumentId == documentId).OrderByDescending(a => a.Id)
                .ToListAsync(ct).ConfigureAwait(false);
            var names = await AnnotationEndpoints.LabelNamesAsync(db, id, ct).ConfigureAwait(false);
            return TypedResults.Ok(new DocumentDto(document.Id, document.Text, Meta.ToJson(document.MetaJson), [.. annotations.Select(a => AnnotationDto.From(a, names))]));
        })
        .WithName("GetDocument")
        .Produces<DocumentDto>()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
