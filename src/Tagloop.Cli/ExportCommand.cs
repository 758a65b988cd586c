using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Export;

namespace Tagloop.Cli;

/// <summary><c>tagloop export</c>: writes a project's annotations to a file or standard output.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var project = CommonOptions.Project();
        var format = new Option<string>("--format") { Description = "jsonl, csv or prodigy", DefaultValueFactory = _ => "jsonl" };
        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: standard output)" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("export", "Export a project's annotations") { project, format, output, dataDir };
        command.SetAction(async (result, ct) =>
        {
            var parsed = ExportFormats.Parse(result.GetValue(format));
            if (!parsed.Succeeded)
            {
                return CliErrors.Report(parsed.Problems);
            }

            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var name = result.GetValue(project)!;
            var found = await storage.Db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Name == name, ct).ConfigureAwait(false);
            if (found is null)
            {
                return CliErrors.NoSuchProject(name);
            }

            var exporter = new AnnotationExporter(storage.Db);
            var file = result.GetValue(output);
            if (file is null)
            {
                var stdout = Console.OpenStandardOutput();
                await using (stdout.ConfigureAwait(false))
                {
                    await exporter.WriteAsync(found, parsed.Value, stdout, ct).ConfigureAwait(false);
                }

                return 0;
            }

            // Write beside the target and rename, so an interrupted export never leaves a truncated file under the real name.
            var temporary = file.FullName + ".partial";
            int rows;
            var stream = File.Create(temporary);
            await using (stream.ConfigureAwait(false))
            {
                rows = await exporter.WriteAsync(found, parsed.Value, stream, ct).ConfigureAwait(false);
            }

            File.Move(temporary, file.FullName, overwrite: true);
            await Console.Error.WriteLineAsync($"Exported {rows} annotations of '{name}' to {file.FullName}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
