using Tagloop.Core;
using Tagloop.Core.Users;
using Tagloop.Core.WeakSupervision;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.WeakSupervision;

/// <summary>Trying rules out: a draft previewed over the project's documents, every rule's figures with the label model, a rule's hits.</summary>
public static class RuleWorkbenchEndpoints
{
    public static void MapRuleWorkbenchEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}/rules").WithTags("Rules");

        group.MapPost("/preview", async (int id, int? page, int? pageSize, int? ruleId, NewRule request, TagloopDbContext db, RuleWorkbench workbench, CancellationToken ct) =>
        {
            var outcome = await workbench.PreviewAsync(db, id, request, page ?? 1, pageSize ?? 20, ruleId, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, TypedResults.Ok);
        })
        .ForRole(ProjectRole.Reviewer)
        .WithName("PreviewRule")
        .WithSummary("What a rule draft (the body of POST rules, name optional) would do over the project's documents, without saving it: hits, coverage, "
            + "agreement with the documents' labels so far (accuracy with its 95% Wilson interval; none in a multi-label project), overlaps and conflicts with "
            + "the switched-on rules (ruleId: the saved rule the draft edits, left out of them), why it could not run (error), and a page of its hits "
            + "(page from 1, pageSize 1–100, default 20; texts cut to 300 characters). 400 for a draft POST rules would refuse.")
        .Produces<RuleDraftPreview>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/analysis", async (int id, HttpContext http, TagloopDbContext db, RuleWorkbench workbench, CancellationToken ct) =>
        {
            var onlyAuthor = await ProjectAccess.OwnAnswersOnlyAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
            var outcome = await workbench.AnalyseAsync(db, id, onlyAuthor, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, TypedResults.Ok);
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("AnalyseRules")
        .WithSummary("Every rule's figures over the project's documents (switched-off rules too, which count in neither the totals nor the label model), "
            + "the switched-on rules' coverage, overlap and conflict, and the label model chosen over them with the labelled documents as gold. "
            + "An annotator's figures are measured against their own answers.")
        .Produces<RulesAnalysis>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{ruleId:int}/hits", async (int id, int ruleId, int? page, int? pageSize, HttpContext http, TagloopDbContext db, RuleWorkbench workbench, CancellationToken ct) =>
        {
            var onlyAuthor = await ProjectAccess.OwnAnswersOnlyAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
            var outcome = await workbench.HitsAsync(db, id, ruleId, page ?? 1, pageSize ?? 20, onlyAuthor, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, TypedResults.Ok);
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("ListRuleHits")
        .WithSummary("The documents a saved rule votes on, by id (page from 1, pageSize 1–100, default 20), each with the start of its text (300 characters) "
            + "and its label so far (an annotator sees their own answer only).")
        .Produces<RuleHitsPage>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
