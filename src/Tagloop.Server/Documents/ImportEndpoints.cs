using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Tagloop.Core;
using Tagloop.Core.Documents;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Documents;

/// <summary>Imports a file of documents, streamed from the request body.</summary>
public static class ImportEndpoints
{
    public static void MapImportEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/projects/{id:int}/documents", async (
            int id, string? format, string? textColumn, string? labelColumn, string? source, bool? skipInvalid, string? fileName,
            HttpRequest request, TagloopDbContext db, TimeProvider time, IOptions<TagloopServerOptions> options, ProjectChanges changes, CancellationToken ct) =>
        {
            // The one endpoint that takes files: its limit is the upload limit, not the JSON body limit.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = options.Value.MaxUploadBytes;
            }

            var importFormat = ImportFormatNames.FromRequest(format, request.ContentType);
            if (!importFormat.Succeeded)
            {
                return ProblemResults.ToResult(importFormat.Problems);
            }

            var importOptions = new ImportOptions
            {
                Format = importFormat.Value,
                TextColumn = textColumn,
                LabelColumn = labelColumn,
                SkipInvalid = skipInvalid ?? false,
                Source = source ?? "import",
                FileName = fileName,
                MaxDocumentBytes = options.Value.MaxDocumentBytes,
            };
            var outcome = await new DocumentImporter(db, time, changes).ImportAsync(id, request.Body, importOptions, null, ct).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return ProblemResults.ToResult(outcome.Problems);
            }

            var result = ImportResultDto.From(outcome.Value!);
            if (!outcome.Value!.Rejected)
            {
                return TypedResults.Ok(result);
            }

            return TypedResults.Problem(
                detail: $"The file has {result.ErrorCount} invalid line(s); nothing was imported. Fix them, or pass skipInvalid=true to import the rest.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The file was rejected.",
                extensions: new Dictionary<string, object?>
                {
                    ["imported"] = 0,
                    ["skipped"] = result.Skipped,
                    ["duplicates"] = result.Duplicates,
                    ["labelled"] = 0,
                    ["errors"] = result.Errors,
                    ["errorCount"] = result.ErrorCount,
                });
        })
        // Any content type reaches the endpoint: ?format= overrides it, and without one the handler names what it accepts.
        .Accepts<Stream>(isOptional: true, "text/csv", "application/x-ndjson", "text/plain", "*/*")
        .WithTags("Documents")
        .ForRole(ProjectRole.Owner)
        .WithName("ImportDocuments")
        .WithSummary("Imports a file sent as the request body (format: csv, jsonl, json, prodigy, label-studio, doccano, argilla, spacy, conll, token-tags or text; fileName names it in the list of imports). Span-tagging projects take pre-annotated spans (jsonl in UTF-16 code units; prodigy, spacy, doccano, label-studio in code points; conll and token-tags as tagged tokens), stored as answers by the source. All or nothing unless skipInvalid=true.")
        .Produces<ImportResultDto>()
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id:int}/imports", async (int id, TagloopDbContext db, CancellationToken ct) =>
        {
            var outcome = await ImportListing.ListAsync(db, id, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, list => TypedResults.Ok(list.Select(ImportDto.From).ToList()));
        })
        .WithTags("Documents")
        .ForRole(ProjectRole.Viewer)
        .WithName("ListImports")
        .WithSummary("The project's imports, newest first: id, file name, format, when, and how many of its documents remain and have an answer.")
        .Produces<List<ImportDto>>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/projects/{id:int}/imports/{importId:long}", async (int id, long importId, DocumentRemoval removal, CancellationToken ct) =>
        {
            var outcome = await removal.RemoveImportAsync(id, importId, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, n => TypedResults.Ok(new DeletedDto(n)));
        })
        .WithTags("Documents")
        .ForRole(ProjectRole.Owner)
        .WithName("DeleteImport")
        .WithSummary("Deletes an import: every document it brought, with their answers (also answers given since) and vectors, and the import's entry.")
        .Produces<DeletedDto>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

/// <summary>One import of a project.</summary>
public sealed record ImportDto(long Id, string? FileName, string? Format, string State, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Documents, int Answered)
{
    public static ImportDto From(ImportSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(summary.Id, summary.FileName, summary.Format, summary.State == ImportRunState.Completed ? "completed" : "running",
            summary.StartedAt, summary.FinishedAt, summary.Documents, summary.Answered);
    }
}
