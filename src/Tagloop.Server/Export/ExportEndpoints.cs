using Tagloop.Core;
using Tagloop.Core.Export;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Export;

/// <summary>Streams a project's annotations as a file download.</summary>
public static class ExportEndpoints
{
    public static void MapExportEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/projects/{id:int}/export", async (int id, string? format, bool? raw, TagloopDbContext db, TimeProvider time, ExportSpool spool, CancellationToken ct) =>
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

            // Written whole before the first byte is sent: a failure is an error answer, never a 200 cut short.
            var exportFormat = parsed.Value;
            var (file, _) = await spool.WriteAsync((stream, token) => exporter.WriteAsync(project.Value!, exportFormat, stream, raw ?? false, token), ct).ConfigureAwait(false);
            var fileName = FileNames.ForExport(project.Value!.Name, time.GetUtcNow(), exportFormat.Extension());
            return TypedResults.File(file, exportFormat.MediaType(), fileName);
        })
        .WithTags("Export")
        .ForRole(ProjectRole.Reviewer)
        .WithName("ExportAnnotations")
        .WithSummary("Downloads every current answer and skip as jsonl, csv, prodigy, label-studio, doccano, argilla or spacy, whole or not at all. CSV cells that spreadsheets would run as formulas start with ' unless raw=true.")
        .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
