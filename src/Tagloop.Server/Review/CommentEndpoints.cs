using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Review;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Review;

/// <summary>Comment threads on documents, and the comments that mention someone.</summary>
public static class CommentEndpoints
{
    public static void MapCommentEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}").WithTags("Review");

        group.MapGet("/documents/{documentId:long}/comments", async (int id, long documentId, TagloopDbContext db, CancellationToken ct) =>
        {
            if (!await db.Documents.AnyAsync(d => d.Id == documentId && d.ProjectId == id, ct).ConfigureAwait(false))
            {
                return ProblemResults.ToResult(Problem.NotFound($"Project {id} has no document {documentId}."));
            }

            var comments = await db.Comments.AsNoTracking().Where(c => c.ProjectId == id && c.DocumentId == documentId).OrderBy(c => c.Id).ToListAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(comments.Select(CommentDto.From).ToList());
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("ListComments")
        .WithSummary("The document's comment thread, oldest first.")
        .Produces<List<CommentDto>>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/documents/{documentId:long}/comments", async (int id, long documentId, NewComment request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var author = AnnotatorHeader.Read(http);
            if (!author.Succeeded)
            {
                return ProblemResults.ToResult(author.Problems);
            }

            var outcome = await Comments.AddAsync(db, id, documentId, request.Text, author.Value!, time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, c => TypedResults.Created($"/api/v1/projects/{id}/documents/{documentId}/comments", CommentDto.From(c)));
        })
        .ForRole(ProjectRole.Annotator)
        .WithName("AddComment")
        .WithSummary("Adds a comment to the document's thread; @name mentions a user (anyone who annotated here, without accounts).")
        .Produces<CommentDto>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/mentions", async (int id, string? user, HttpContext http, TagloopDbContext db, CancellationToken ct) =>
        {
            var who = string.IsNullOrWhiteSpace(user) ? http.Caller().Name : user.Trim();
            var candidates = await db.Comments.AsNoTracking().Where(c => c.ProjectId == id && c.Mentions.Contains(who)).OrderByDescending(c => c.Id).Take(500)
                .ToListAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(candidates.Where(c => Comments.MentionsOf(c).Contains(who, StringComparer.OrdinalIgnoreCase)).Select(CommentDto.From).ToList());
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("ListMentions")
        .WithSummary("The comments in the project that mention a person (user=NAME; by default whoever asks), newest first, at most 500.")
        .Produces<List<CommentDto>>();
    }
}
