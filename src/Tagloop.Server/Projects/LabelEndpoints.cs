using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Projects;

/// <summary>The project's labels and their changes mid-project: add, edit, merge, split, delete, and the history of it all.</summary>
public static class LabelEndpoints
{
    public static void MapLabelEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}/labels").WithTags("Labels");

        group.MapGet("/", async (int id, TagloopDbContext db, CancellationToken ct) =>
        {
            if (!await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false))
            {
                return ProjectLookup.NotFound(id);
            }

            var labels = await db.Labels.AsNoTracking().Where(l => l.ProjectId == id).OrderBy(l => l.Order).ToListAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(labels.Select(LabelDto.From).ToList());
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("ListLabels")
        .WithSummary("The project's labels in their order.")
        .Produces<List<LabelDto>>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (int id, NewLabel request, HttpContext http, TaxonomyEditor editor, CancellationToken ct) =>
        {
            return await AsAuthorAsync(http, async author =>
            {
                var outcome = await editor.AddAsync(id, author, request, ct).ConfigureAwait(false);
                return ProblemResults.ToResult(outcome, l => TypedResults.Created($"/api/v1/projects/{id}/labels/{l.Id}", LabelDto.From(l)));
            }).ConfigureAwait(false);
        })
        .ForRole(ProjectRole.Owner)
        .WithName("AddLabel")
        .WithSummary("Adds a label (a key and a colour are chosen when left out). The model learns it from its first answers.")
        .Produces<LabelDto>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{labelId:int}", async (int id, int labelId, LabelUpdate request, HttpContext http, TaxonomyEditor editor, CancellationToken ct) =>
        {
            return await AsAuthorAsync(http, async author =>
            {
                var outcome = await editor.EditAsync(id, labelId, author, request, ct).ConfigureAwait(false);
                return ProblemResults.ToResult(outcome, l => TypedResults.Ok(LabelDto.From(l)));
            }).ConfigureAwait(false);
        })
        .ForRole(ProjectRole.Owner)
        .WithName("UpdateLabel")
        .WithSummary("Renames, re-keys (an empty key removes it), recolours or re-describes a label; fields left out stay as they are. Answers keep the label.")
        .Produces<LabelDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{labelId:int}/merge", async (int id, int labelId, LabelMerge request, HttpContext http, TaxonomyEditor editor, CancellationToken ct) =>
        {
            return await AsAuthorAsync(http, async author =>
            {
                var outcome = await editor.MergeAsync(id, labelId, request.Into, author, ct).ConfigureAwait(false);
                return ProblemResults.ToResult(outcome, r => TypedResults.Ok(TaxonomyResultDto.From(r)));
            }).ConfigureAwait(false);
        })
        .ForRole(ProjectRole.Owner)
        .WithName("MergeLabel")
        .WithSummary("Merges the label into another: every answer that said it says the other from now on, and the label is gone (its former answers are kept in history).")
        .Produces<TaxonomyResultDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{labelId:int}/split", async (int id, int labelId, LabelSplit request, HttpContext http, TaxonomyEditor editor, CancellationToken ct) =>
        {
            return await AsAuthorAsync(http, async author =>
            {
                var outcome = await editor.SplitAsync(id, labelId, request.Into, author, ct).ConfigureAwait(false);
                return ProblemResults.ToResult(outcome, r => TypedResults.Ok(TaxonomyResultDto.From(r)));
            }).ConfigureAwait(false);
        })
        .ForRole(ProjectRole.Owner)
        .WithName("SplitLabel")
        .WithSummary("Splits the label into two or more new ones; its documents go to the front of the queue to be labelled again with them (relabel: true on the task).")
        .Produces<TaxonomyResultDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{labelId:int}", async (int id, int labelId, HttpContext http, TaxonomyEditor editor, CancellationToken ct) =>
        {
            return await AsAuthorAsync(http, async author =>
            {
                var outcome = await editor.DeleteAsync(id, labelId, author, ct).ConfigureAwait(false);
                return ProblemResults.ToResult(outcome, _ => TypedResults.NoContent());
            }).ConfigureAwait(false);
        })
        .ForRole(ProjectRole.Owner)
        .WithName("DeleteLabel")
        .WithSummary("Deletes the label. Answers keep it in their history but no count or model sees it; in a single-label project the documents it labelled are open again.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/history", async (int id, TaxonomyEditor editor, CancellationToken ct) =>
        {
            var outcome = await editor.HistoryAsync(id, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, h => TypedResults.Ok(h.Select(TaxonomyChangeDto.From).ToList()));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("GetLabelHistory")
        .WithSummary("Every change to the project's labels, newest first: its version, what it did, who made it and when.")
        .Produces<List<TaxonomyChangeDto>>()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Runs a change as the annotator the request names (recorded in the history), or answers why the name is refused.</summary>
    private static async Task<IResult> AsAuthorAsync(HttpContext http, Func<string, Task<IResult>> change)
    {
        var author = AnnotatorHeader.Read(http);
        return author.Succeeded ? await change(author.Value!).ConfigureAwait(false) : ProblemResults.ToResult(author.Problems);
    }
}

/// <summary>The body of a merge: the label that takes the merged one's answers.</summary>
public sealed record LabelMerge(int? Into);

/// <summary>The body of a split: the new labels (two or more).</summary>
public sealed record LabelSplit(IReadOnlyList<NewLabel>? Into);

/// <summary>What a merge or split did: the taxonomy version it made, the labels it made (split) or kept (merge), the answers it touched, the documents sent back to the queue.</summary>
public sealed record TaxonomyResultDto(int Version, IReadOnlyList<LabelDto> Labels, int Answers, int DocumentsRequeued)
{
    public static TaxonomyResultDto From(TaxonomyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Version, [.. result.Labels.Select(LabelDto.From)], result.Answers, result.DocumentsRequeued);
    }
}

/// <summary>One change to a project's labels.</summary>
public sealed record TaxonomyChangeDto(int Version, string Kind, string Summary, string Author, DateTimeOffset At)
{
    public static TaxonomyChangeDto From(TaxonomyChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.Version, change.Kind, change.Summary, change.Author, change.At);
    }
}
