using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Tagloop.Core;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Server.Hosting;

namespace Tagloop.Server.Documents;

/// <summary>Imports a file of documents, streamed from the request body.</summary>
public static class ImportEndpoints
{
    public static void MapImportEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/projects/{id:int}/documents", async (
            int id, string? format, string? textColumn, string? labelColumn, string? source, bool? skipInvalid,
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
        .WithName("ImportDocuments")
        .WithSummary("Imports a CSV, JSONL, Prodigy JSONL or plain-text file sent as the request body. All or nothing unless skipInvalid=true.")
        .Produces<ImportResultDto>()
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
