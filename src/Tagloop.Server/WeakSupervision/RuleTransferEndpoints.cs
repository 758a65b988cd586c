using Microsoft.Net.Http.Headers;
using Tagloop.Core;
using Tagloop.Core.Users;
using Tagloop.Core.WeakSupervision;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.WeakSupervision;

/// <summary>Rules moving between projects (a package out, a package in) and keyword rules suggested from the labelled documents.</summary>
public static class RuleTransferEndpoints
{
    public static void MapRuleTransferEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}/rules").WithTags("Rules");

        group.MapGet("/export", async (int id, HttpContext http, TagloopDbContext db, CancellationToken ct) =>
        {
            var outcome = await RuleTransfer.ExportAsync(db, id, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, package =>
            {
                http.Response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"project-{id}-rules.json\"";
                return TypedResults.Ok(package);
            });
        })
        .ForRole(ProjectRole.Reviewer)
        .WithName("ExportRules")
        .WithSummary("The project's rules as a package to import elsewhere ({format, rules}), served as the download project-{id}-rules.json: every rule, "
            + "on or off, its label by name (labelId null) and its example documents as texts (exampleDocumentIds empty).")
        .Produces<RulePackage>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/import", async (int id, RulePackage package, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var author = AnnotatorHeader.Read(http);
            if (!author.Succeeded)
            {
                return ProblemResults.ToResult(author.Problems);
            }

            var outcome = await RuleTransfer.ImportAsync(db, id, package, author.Value!, http.From(), time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, imported => TypedResults.Created($"/api/v1/projects/{id}/rules", imported));
        })
        .ForRole(ProjectRole.Owner)
        .RetrainsOnSuccess()
        .WithName("ImportRules")
        .WithSummary("Adds a package's rules (the body GET rules/export gives) to the project, each at version 1. Labels are matched by name whatever the case; "
            + "a rule whose label the project lacks comes in switched off, listed in switchedOff with why (also its note). All or nothing: a rule the checks "
            + "refuse or a name already used refuses the package, 400 naming the rule and field (rules[i].field), and nothing is written; 409 past the "
            + "project's limit of rules.")
        .Produces<RuleImport>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/suggestions", async (int id, int? maxPerClass, TagloopDbContext db, RuleWorkbench workbench, CancellationToken ct) =>
        {
            var outcome = await workbench.SuggestAsync(db, id, maxPerClass ?? 5, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, TypedResults.Ok);
        })
        .ForRole(ProjectRole.Reviewer)
        .WithName("SuggestRules")
        .WithSummary("Keyword rules worth writing, from the documents' final labels (maxPerClass 1–50 per label, default 5), by label and then best first: "
            + "words and pairs of words found in at least 3 labelled documents that point to one label more often than the labels' balance, ranked by the "
            + "lower end of their precision's 95% Wilson interval; support labelled documents hold the term, correct of them have the label; hits documents "
            + "of the project hold it (coverage, their share). Terms a saved keywords rule already matches are left out. A multi-label project gets none, "
            + "with reason saying why (as for too few labels).")
        .Produces<SuggestedRules>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
