using System.CommandLine;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Tagloop.Core.Common;
using Tagloop.Core.Import;

namespace Tagloop.Cli;

/// <summary><c>tagloop import</c>: streams a file of documents into a project, with a progress bar.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var project = CommonOptions.Project();
        var file = new Argument<FileInfo>("file") { Description = "CSV, JSONL, JSON, a tool's export, CoNLL or plain-text file (one document per line)" };
        var format = new Option<string?>("--format") { Description = "csv, jsonl, json, label-studio, doccano, argilla, spacy, prodigy, conll, token-tags or text (default: from the file extension, .conll for conll; JSON records are recognised by their fields)" };
        var textColumn = new Option<string?>("--text-column") { Description = "CSV: the column holding the text (default: 'text')" };
        var labelColumn = new Option<string?>("--label-column") { Description = "CSV: a column holding pre-filled labels (default: 'label' if present)" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Import the valid lines and report the invalid ones, instead of rejecting the file" };
        var source = new Option<string>("--source") { Description = "Name recorded as the author of pre-filled labels and spans", DefaultValueFactory = _ => "import" };
        var maxBytes = new Option<long>("--max-document-bytes") { Description = "Largest document accepted, in bytes", DefaultValueFactory = _ => 1024 * 1024 };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("import", "Import documents into a project")
        {
            project, file, format, textColumn, labelColumn, skipInvalid, source, maxBytes, dataDir,
        };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"error: file '{path.FullName}' does not exist.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            var importFormat = ImportFormatNames.Parse(result.GetValue(format), path.Name);
            if (!importFormat.Succeeded)
            {
                return CliErrors.Report(importFormat.Problems);
            }

            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var name = result.GetValue(project)!;
            var projectId = await storage.Db.Projects.Where(p => p.Name == name).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (projectId is null)
            {
                return CliErrors.NoSuchProject(name);
            }

            var options = new ImportOptions
            {
                Format = importFormat.Value,
                TextColumn = result.GetValue(textColumn),
                LabelColumn = result.GetValue(labelColumn),
                SkipInvalid = result.GetValue(skipInvalid),
                Source = result.GetValue(source)!,
                MaxDocumentBytes = result.GetValue(maxBytes),
                FileName = path.Name,
            };
            var importer = new DocumentImporter(storage.Db, TimeProvider.System);
            var clock = Stopwatch.StartNew();
            Outcome<ImportResult>? outcome = null;
            var input = path.OpenRead();
            await using (input.ConfigureAwait(false))
            {
                await AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask($"Importing {path.Name}", maxValue: Math.Max(1, path.Length));
                        outcome = await importer.ImportAsync(projectId.Value, input, options, new SynchronousProgress<ImportProgress>(p => task.Value = p.BytesRead), ct).ConfigureAwait(false);
                        task.Value = task.MaxValue;
                    }).ConfigureAwait(false);
            }

            return ImportReport.Print(outcome!, clock.Elapsed);
        });
        return command;
    }
}
