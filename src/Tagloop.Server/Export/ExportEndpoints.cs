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
        api.MapGet("/projects/{id:int}/export", async (int id, string? format, bool? raw, string? rows, TagloopDbContext db, TimeProvider time, ExportSpool spool, CancellationToken ct) =>
        {
            var parsed = ExportFormats.Parse(format);
            if (!parsed.Succeeded)
            {
                return ProblemResults.ToResult(parsed.Problems);
            }

            var perDocument = rows switch
            {
                null => AnnotationExporter.DocumentRowsByDefault(parsed.Value),
                "answers" => false,
                "documents" => true,
                _ => (bool?)null,
            };
            if (perDocument is null)
            {
                return ProblemResults.ToResult(Core.Common.Problem.Invalid("rows", $"rows is 'answers' (one row per answer, the default but for conll and token-tags) or 'documents' (one row per document with its final label, or a span-tagging document's agreed spans), not '{Core.Common.UnicodeText.Quote(rows!, 40)}'."));
            }

            var exporter = new AnnotationExporter(db);
            var project = await exporter.FindProjectAsync(id, ct).ConfigureAwait(false);
            if (!project.Succeeded)
            {
                return ProblemResults.ToResult(project.Problems);
            }

            var exportFormat = parsed.Value;
            if (ExportFormats.Unsuited(exportFormat, project.Value!.Task) is { } unsuited)
            {
                return ProblemResults.ToResult(unsuited);
            }

            if (perDocument == true && !AnnotationExporter.HasDocumentRows(exportFormat, project.Value!.Task))
            {
                return ProblemResults.ToResult(Core.Common.Problem.Invalid("rows", project.Value!.Task == Core.Projects.ProjectTask.SpanTagging
                    ? "One row per document (rows=documents) of a span-tagging project is written as conll, token-tags, jsonl, doccano or spacy."
                    : "One row per document (rows=documents) is written as jsonl or csv."));
            }

            // Written whole before the first byte is sent: a failure is an error answer, never a 200 cut short.
            var (file, _) = await spool.WriteAsync(
                (stream, token) => perDocument == true
                    ? exporter.WriteDocumentsAsync(project.Value!, exportFormat, stream, raw ?? false, token)
                    : exporter.WriteAsync(project.Value!, exportFormat, stream, raw ?? false, token),
                ct).ConfigureAwait(false);
            var fileName = FileNames.ForExport(project.Value!.Name, time.GetUtcNow(), exportFormat.Extension());
            return TypedResults.File(file, exportFormat.MediaType(), fileName);
        })
        .WithTags("Export")
        .ForRole(ProjectRole.Reviewer)
        .WithName("ExportAnnotations")
        .WithSummary("Downloads every current answer and skip as jsonl, csv, prodigy, label-studio, doccano, argilla or spacy (span-tagging projects: also conll and token-tags; not argilla), whole or not at all; spans are in UTF-16 code units in jsonl and csv, in code points in prodigy, label-studio, doccano and spacy; jsonl and csv rows carry the document's final label (final) and how it was decided (decidedBy: adjudication, majority, single or undecided). rows=documents writes one row per answered document with its final label instead (jsonl, csv; span-tagging projects: the spans the document's answers agree on, as conll, token-tags, jsonl, doccano or spacy); conll and token-tags are written per document unless rows=answers. CSV cells that spreadsheets would run as formulas start with ' unless raw=true.")
        .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
