using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tagloop.Core.Common;
using Tagloop.Core.Documents;
using Tagloop.Core.Import;
using Tagloop.Core.Training;
using Tagloop.Server.Documents;

namespace Tagloop.Cli;

/// <summary>
/// <c>tagloop documents delete</c> and <c>tagloop imports list|delete</c>: junk from a wrong import, gone for real (rows,
/// vectors). Deleting needs the data folder to itself (a running server deletes in its page).
/// </summary>
internal static class DocumentsCommand
{
    private const string Instead = "delete documents in its web page (Browse, or Import for a whole import)";


    public static Command Create() => new("documents", "Delete documents")
    {
        DeleteDocuments(),
    };

    public static Command CreateImports() => new("imports", "List a project's imports, or delete one with its documents")
    {
        ListImports(),
        DeleteImport(),
    };

    private static Command DeleteDocuments()
    {
        var project = new Argument<string>("project") { Description = "The project's name" };
        var ids = new Option<long[]>("--id") { Description = "A document's id (repeat for several)", AllowMultipleArgumentsPerToken = true };
        var filter = new Option<string?>("--filter") { Description = "Every document the filter selects: all, unlabelled, labelled, flagged, skipped or label:NAME" };
        var search = new Option<string?>("--search") { Description = "With --filter (default all): only documents whose text contains this" };
        var yes = new Option<bool>("--yes") { Description = "Delete without asking (for scripts)" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("delete", "Delete documents for good, with their answers and vectors: by --id, or by --filter and --search") { project, ids, filter, search, yes, dataDir };
        command.SetAction(async (result, ct) =>
        {
            var chosen = result.GetValue(ids) ?? [];
            var filterText = result.GetValue(filter);
            var searchText = result.GetValue(search);
            if (chosen.Length == 0 && filterText is null && searchText is null)
            {
                await Console.Error.WriteLineAsync("error: say which documents: --id N (repeatable), or --filter and/or --search. To delete an import, use 'tagloop imports delete'.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            if (chosen.Length > 0 && (filterText is not null || searchText is not null))
            {
                await Console.Error.WriteLineAsync("error: --id cannot be combined with --filter or --search.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            var parsed = DocumentFilter.Parse(filterText);
            if (!parsed.Succeeded)
            {
                return CliErrors.Report(parsed.Problems);
            }

            return await OfflineStorage.RunAsync(result.GetValue(dataDir)!, Instead, result.GetValue(project)!, ct, async (offline, found) =>
            {
                var removal = Removal(offline);
                if (chosen.Length > 0)
                {
                    var missing = chosen.Where(id => !offline.Storage.Db.Documents.Any(d => d.Id == id && d.ProjectId == found.Id)).ToList();
                    if (missing.Count > 0)
                    {
                        await Console.Error.WriteLineAsync($"error: --id: project '{found.Name}' has no document {string.Join(", ", missing)}; nothing was deleted.").ConfigureAwait(false);
                        return CliErrors.UserError;
                    }

                    if (!await OfflineStorage.ConfirmAsync(result.GetValue(yes), $"deleting {chosen.Length} document(s)", "yes", $"Delete {chosen.Length:N0} document(s) of '{found.Name}' with their answers?").ConfigureAwait(false))
                    {
                        return CliErrors.UserError;
                    }

                    var deleted = 0;
                    foreach (var id in chosen.Distinct())
                    {
                        var one = await removal.RemoveOneAsync(found.Id, id, ct).ConfigureAwait(false);
                        if (!one.Succeeded)
                        {
                            return CliErrors.Report(one.Problems);
                        }

                        deleted += one.Value;
                    }

                    Console.WriteLine($"Deleted {deleted:N0} document(s) from '{found.Name}'.");
                    return 0;
                }

                var count = await removal.CountSelectedAsync(found.Id, parsed.Value!, searchText, ct).ConfigureAwait(false);
                if (!count.Succeeded)
                {
                    return CliErrors.Report(count.Problems);
                }

                if (count.Value == 0)
                {
                    Console.WriteLine("No document matches; nothing was deleted.");
                    return 0;
                }

                var what = $"{count.Value:N0} document(s) of '{found.Name}' ({(filterText ?? "all")}{(searchText is null ? "" : $", containing '{searchText}'")})";
                if (!await OfflineStorage.ConfirmAsync(result.GetValue(yes), $"deleting {what}", count.Value.ToString(CultureInfo.InvariantCulture), $"Delete {what} with their answers?").ConfigureAwait(false))
                {
                    return CliErrors.UserError;
                }

                var outcome = await removal.RemoveSelectedAsync(found.Id, parsed.Value!, searchText, count.Value, ct).ConfigureAwait(false);
                return CliOutput.Said(outcome, n => $"Deleted {n:N0} document(s) from '{found.Name}'.");
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ListImports()
    {
        var project = new Argument<string>("project") { Description = "The project's name" };
        var json = new Option<bool>("--json") { Description = "Print JSON (the API's import objects), for scripts" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("list", "List the project's imports, newest first, with their ids") { project, json, dataDir };
        command.SetAction(async (result, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var found = await storage.ProjectAsync(result.GetValue(project)!, ct).ConfigureAwait(false);
            if (found is null)
            {
                return CliErrors.NoSuchProject(result.GetValue(project)!);
            }

            var imports = (await ImportListing.ListAsync(storage.Db, found.Id, ct).ConfigureAwait(false)).Value!.Select(ImportDto.From).ToList();
            if (result.GetValue(json))
            {
                CliOutput.WriteJson((imports));
                return 0;
            }

            if (imports.Count == 0)
            {
                Console.WriteLine($"'{found.Name}' has no imports yet: 'tagloop import --project \"{found.Name}\" FILE'.");
                return 0;
            }

            var table = new Table().AddColumns("id", "file", "format", "when (UTC)", "documents", "answered", "state");
            foreach (var i in imports)
            {
                table.AddRow(
                    i.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(i.FileName ?? "(no name)"), i.Format ?? "", i.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    i.Documents.ToString("N0", CultureInfo.InvariantCulture), i.Answered.ToString("N0", CultureInfo.InvariantCulture), i.State);
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command DeleteImport()
    {
        var project = new Argument<string>("project") { Description = "The project's name" };
        var id = new Argument<long>("id") { Description = "The import's id ('tagloop imports list')" };
        var yes = new Option<bool>("--yes") { Description = "Delete without asking (for scripts)" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("delete", "Delete an import: every document it brought, with their answers and vectors") { project, id, yes, dataDir };
        command.SetAction((result, ct) => OfflineStorage.RunAsync(result.GetValue(dataDir)!, Instead, result.GetValue(project)!, ct, async (offline, found) =>
        {
            var importId = result.GetValue(id);
            var summary = (await ImportListing.ListAsync(offline.Storage.Db, found.Id, ct).ConfigureAwait(false)).Value!.FirstOrDefault(i => i.Id == importId);
            if (summary is null)
            {
                await Console.Error.WriteLineAsync($"error: project '{found.Name}' has no import {importId} ('tagloop imports list \"{found.Name}\"').").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            var what = $"import {importId} ({summary.FileName ?? "no name"}: {summary.Documents:N0} documents, {summary.Answered:N0} with answers)";
            if (!await OfflineStorage.ConfirmAsync(result.GetValue(yes), $"deleting {what}", "yes", $"Delete {what}?").ConfigureAwait(false))
            {
                return CliErrors.UserError;
            }

            var outcome = await Removal(offline).RemoveImportAsync(found.Id, importId, ct).ConfigureAwait(false);
            return CliOutput.Said(outcome, n => $"Deleted import {importId} and its {n:N0} document(s) from '{found.Name}'.");
        }));
        return command;
    }

    private static DocumentRemoval Removal(OfflineStorage offline) =>
        new(offline.Storage.Db, vectors: new VectorCache(Path.Combine(offline.Folder, "vectors")), embeddings: new EmbeddingStore(Path.Combine(offline.Folder, "embeddings")));

}
