using Tagloop.Core;
using Tagloop.Core.Training;
using Tagloop.Core.Users;
using Tagloop.Core.WeakSupervision;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.WeakSupervision;

/// <summary>A project's labelling rules: experts' keywords, patterns, examples and metadata conditions that vote a label.</summary>
public static class RuleEndpoints
{
    public static void MapRuleEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}/rules").WithTags("Rules");

        group.MapGet("/", async (int id, TagloopDbContext db, CancellationToken ct) =>
        {
            var outcome = await LabellingRules.ListAsync(db, id, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, rules => TypedResults.Ok(new RulesDto([.. rules.Select(RuleDto.From)])));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("ListRules")
        .WithSummary("The project's labelling rules, oldest first, switched on or off.")
        .Produces<RulesDto>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (int id, NewRule request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            return await AsAuthorAsync(http, async author =>
            {
                var outcome = await LabellingRules.AddAsync(db, id, request, author, http.From(), time, ct).ConfigureAwait(false);
                return ProblemResults.ToResult(outcome, r => TypedResults.Created($"/api/v1/projects/{id}/rules/{r.Rule.Id}", RuleDto.From(r)));
            }).ConfigureAwait(false);
        })
        .ForRole(ProjectRole.Reviewer)
        .RetrainsOnSuccess()
        .WithName("AddRule")
        .WithSummary("Writes a labelling rule ({name, label, kind, …the kind's fields}): keywords {terms, match?, caseSensitive?}, regex {pattern, caseSensitive?}, "
            + "similar {examples and/or exampleDocumentIds, threshold?}, label-description {threshold?}, metadata {metaField, metaValue}. It starts at version 1, switched on unless enabled is false.")
        .Produces<RuleDto>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPatch("/{ruleId:int}", async (int id, int ruleId, RuleUpdate request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            return await AsAuthorAsync(http, async author =>
            {
                var outcome = await LabellingRules.UpdateAsync(db, id, ruleId, request, author, http.From(), time, ct).ConfigureAwait(false);
                return ProblemResults.ToResult(outcome, r => TypedResults.Ok(RuleDto.From(r)));
            }).ConfigureAwait(false);
        })
        .ForRole(ProjectRole.Reviewer)
        .RetrainsOnSuccess()
        .WithName("UpdateRule")
        .WithSummary("Changes a rule (fields left out stay; enabled switches it on or off) and makes its next version. "
            + "With version, the change applies only to that version: 409 when the rule changed since.")
        .Produces<RuleDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{ruleId:int}", async (int id, int ruleId, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            return await AsAuthorAsync(http, async author =>
            {
                var outcome = await LabellingRules.RemoveAsync(db, id, ruleId, author, http.From(), time, ct).ConfigureAwait(false);
                return ProblemResults.ToResult(outcome, _ => TypedResults.NoContent());
            }).ConfigureAwait(false);
        })
        .ForRole(ProjectRole.Reviewer)
        .RetrainsOnSuccess()
        .WithName("DeleteRule")
        .WithSummary("Deletes a rule with its versions.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{ruleId:int}/versions", async (int id, int ruleId, TagloopDbContext db, CancellationToken ct) =>
        {
            var outcome = await LabellingRules.VersionsAsync(db, id, ruleId, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, versions => TypedResults.Ok(new RuleVersionsDto([.. versions.Select(RuleVersionDto.From)])));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("ListRuleVersions")
        .WithSummary("Every version of a rule, newest first: what it changed, who made it and when, and the whole rule as it then was.")
        .Produces<RuleVersionsDto>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapRuleWorkbenchEndpoints();
        api.MapRuleTransferEndpoints();
    }

    /// <summary>
    /// After a change that succeeded, the project's model trains again: a single-label model learns from the switched-on
    /// rules' labels too (<see cref="RuleWorkbench.LoopLabelsAsync"/>), so a new, edited, switched or deleted rule
    /// changes it — before the first answer as well.
    /// </summary>
    internal static RouteHandlerBuilder RetrainsOnSuccess(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context).ConfigureAwait(false);
            if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 }
                && context.HttpContext.GetRouteValue("id") is string raw && int.TryParse(raw, out var projectId))
            {
                context.HttpContext.RequestServices.GetService<TrainingCoordinator>()?.Request(projectId);
            }

            return result;
        });

    /// <summary>Runs a change as the person the request names (the signed-in user, or the annotator header without accounts).</summary>
    private static async Task<IResult> AsAuthorAsync(HttpContext http, Func<string, Task<IResult>> change)
    {
        var author = AnnotatorHeader.Read(http);
        return author.Succeeded ? await change(author.Value!).ConfigureAwait(false) : ProblemResults.ToResult(author.Problems);
    }
}
