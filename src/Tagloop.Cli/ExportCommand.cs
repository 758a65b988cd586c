using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Export;
using Tagloop.Core.Projects;

namespace Tagloop.Cli;

/// <summary><c>tagloop export</c>: writes a project's annotations to a file or standard output.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var project = CommonOptions.Project();
        var format = new Option<string>("--format") { Description = "jsonl, csv, prodigy, label-studio, doccano, argilla or spacy; span-tagging projects also conll and token-tags (not argilla)", DefaultValueFactory = _ => "jsonl" };
        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: standard output)" };
        var raw = new Option<bool>("--raw")
        {
            Description = "CSV: write cells exactly as stored; by default a cell a spreadsheet would run as a formula (starting with = + - @) gets a leading '",
        };
        var rows = new Option<string>("--rows")
        {
            Description = "answers: a row per answer, with the document's final label beside it (the default but for conll and token-tags); documents: a row per answered document with its final label (jsonl, csv), or for span tagging the spans its answers agree on (conll, token-tags, jsonl, doccano, spacy)",
        };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("export", "Export a project's annotations") { project, format, output, raw, rows, dataDir };
        command.SetAction(async (result, ct) =>
        {
            var parsed = ExportFormats.Parse(result.GetValue(format));
            if (!parsed.Succeeded)
            {
                return CliErrors.Report(parsed.Problems);
            }

            var perDocument = result.GetValue(rows) switch
            {
                null => AnnotationExporter.DocumentRowsByDefault(parsed.Value),
                "answers" => false,
                "documents" => true,
                _ => (bool?)null,
            };
            if (perDocument is null)
            {
                await Console.Error.WriteLineAsync($"error: --rows: '{result.GetValue(rows)}' is not a choice; use answers or documents.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var name = result.GetValue(project)!;
            var found = await storage.Db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Name == name, ct).ConfigureAwait(false);
            if (found is null)
            {
                return CliErrors.NoSuchProject(name);
            }

            if (ExportFormats.Unsuited(parsed.Value, found.Task) is { } unsuited)
            {
                return CliErrors.Report([unsuited]);
            }

            if (perDocument == true && !AnnotationExporter.HasDocumentRows(parsed.Value, found.Task))
            {
                await Console.Error.WriteLineAsync(found.Task == ProjectTask.SpanTagging
                    ? "error: --rows documents: one row per document of a span-tagging project is written as conll, token-tags, jsonl, doccano or spacy."
                    : "error: --rows documents: one row per document is written as jsonl or csv.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            var exporter = new AnnotationExporter(storage.Db);
            var rawCells = result.GetValue(raw);
            Task<int> WriteAsync(Stream stream, CancellationToken token) => perDocument == true
                ? exporter.WriteDocumentsAsync(found, parsed.Value, stream, rawCells, token)
                : exporter.WriteAsync(found, parsed.Value, stream, rawCells, token);
            var file = result.GetValue(output);
            if (file is null)
            {
                // Spooled first, so that a failure leaves standard output empty rather than holding part of a file.
                var spool = new ExportSpool(Path.Combine(Path.GetFullPath(result.GetValue(dataDir)!), "tmp"));
                var (spooled, _) = await spool.WriteAsync(WriteAsync, ct).ConfigureAwait(false);
                await using (spooled.ConfigureAwait(false))
                {
                    var stdout = Console.OpenStandardOutput();
                    await using (stdout.ConfigureAwait(false))
                    {
                        await spooled.CopyToAsync(stdout, ct).ConfigureAwait(false);
                    }
                }

                return 0;
            }

            if (file.Directory is { Exists: false } missing)
            {
                await Console.Error.WriteLineAsync($"error: --out: the folder {missing.FullName} does not exist.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            // Write beside the target and rename, so an interrupted or failed export never leaves a truncated file
            // under the real name; the partial file is removed when writing fails.
            var temporary = file.FullName + ".partial";
            int written;
            try
            {
                var stream = File.Create(temporary);
                await using (stream.ConfigureAwait(false))
                {
                    written = await WriteAsync(stream, ct).ConfigureAwait(false);
                }

                File.Move(temporary, file.FullName, overwrite: true);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }

            await Console.Error.WriteLineAsync($"Exported {written} {(perDocument == true ? "documents" : "annotations")} of '{name}' to {file.FullName}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
