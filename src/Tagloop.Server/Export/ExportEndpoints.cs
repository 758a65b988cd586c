using Tagloop.Core;
using Tagloop.Core.Export;
using Tagloop.Server.Hosting;

namespace Tagloop.Server.Export;

/// <summary>Streams a project's annotations as a file download.</summary>
public static class ExportEndpoints
{
    public static void MapExportEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/projects/{id:int}/export", async (int id, string? format, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var parsed = ExportFormats.Parse(format);
            if (!parsed.Succeeded)
            {
                return ProblemResults.ToResult(parsed.Problems);
            }

            var exporter = new AnnotationExporter(db);
            var project = await exporter.FindProjectAsync(id, ct).ConfigureAwait(false);
            if (!project.Succeeded)
            {
                return ProblemResults.ToResult(project.Problems);
            }

            var exportFormat = parsed.Value;
            var fileName = FileNames.ForExport(project.Value!.Name, time.GetUtcNow(), exportFormat.Extension());
            return TypedResults.Stream(
                stream => exporter.WriteAsync(project.Value!, exportFormat, stream, ct),
                exportFormat.MediaType(),
                fileName);
        })
        .WithTags("Export")
        .WithName("ExportAnnotations")
        .WithSummary("Downloads every current answer and skip as jsonl, csv or prodigy; streamed.")
        .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
