using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Tagloop.Core;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Training;
using Tagloop.Server.Hosting;
using Tagloop.Server.Projects;

namespace Tagloop.Cli;

/// <summary><c>tagloop projects list|create|rename|delete</c>: the projects of a data folder, without the web page.</summary>
internal static class ProjectsCommand
{

    public static Command Create() => new("projects", "List, create, rename and delete projects")
    {
        List(),
        CreateProject(),
        Rename(),
        Delete(),
    };

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (the API's project objects) instead of a table, for scripts" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("list", "List the projects, with their labels and document counts") { json, dataDir };
        command.SetAction(async (result, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var projects = await storage.Db.Projects.AsNoTracking().Include(p => p.Labels).OrderBy(p => p.Id).ToListAsync(ct).ConfigureAwait(false);
            var counts = await storage.Db.Documents.GroupBy(d => d.ProjectId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, ct).ConfigureAwait(false);
            var rows = projects.Select(p => ProjectDto.From(p, counts.GetValueOrDefault(p.Id))).ToList();
            if (result.GetValue(json))
            {
                CliOutput.WriteJson((rows));
                return 0;
            }

            if (rows.Count == 0)
            {
                Console.WriteLine("No projects yet: create one with 'tagloop projects create NAME --label A --label B', or in the web page.");
                return 0;
            }

            var table = new Table().AddColumns("id", "name", "task", "labels", "documents", "encoder");
            foreach (var p in rows)
            {
                // Names come from users: escaped, never read as markup.
                table.AddRow(
                    p.Id.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(p.Name),
                    p.MultiLabel ? $"{p.Task} (multi-label)" : p.Task,
                    Markup.Escape(string.Join(", ", p.Labels.Select(l => l.Name))),
                    p.Documents.ToString("N0", CultureInfo.InvariantCulture),
                    p.Encoder);
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command CreateProject()
    {
        var name = new Argument<string>("name") { Description = "The project's name" };
        var labels = new Option<string[]>("--label") { Description = "A label (repeat the option for each)", Arity = ArgumentArity.OneOrMore, Required = true };
        var multiLabel = new Option<bool>("--multi-label") { Description = "Each document may get several labels" };
        var guidelines = new Option<string?>("--guidelines") { Description = "Guidelines for annotators" };
        var encoder = new Option<string?>("--encoder") { Description = "What the model reads documents with: minilm+tfidf (default), minilm or tfidf" };
        var task = new Option<string>("--task") { Description = "classification (default: a label per document) or span-tagging (entities in the text; the labels are the entity types)", DefaultValueFactory = _ => "classification" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("create", "Create a project: classification, or span tagging with --task span-tagging") { name, labels, multiLabel, guidelines, encoder, task, dataDir };
        command.SetAction(async (result, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var request = new NewProject(result.GetValue(name), result.GetValue(task), result.GetValue(multiLabel),
                [.. (result.GetValue(labels) ?? []).Select(l => new NewLabel(l))], result.GetValue(guidelines), result.GetValue(encoder));
            var outcome = await ProjectCreation.CreateAsync(storage.Db, request, TimeProvider.System, ct).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return CliErrors.Report(outcome.Problems);
            }

            var project = outcome.Value!;
            Console.WriteLine($"Created project '{project.Name}' (id {project.Id}) with labels {string.Join(", ", project.Labels.OrderBy(l => l.Order).Select(l => $"{l.Name} [{l.Key}]"))}.");
            return 0;
        });
        return command;
    }

    private static Command Rename()
    {
        var name = new Argument<string>("name") { Description = "The project's name now" };
        var newName = new Argument<string>("new-name") { Description = "Its new name" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("rename", "Rename a project") { name, newName, dataDir };
        command.SetAction(async (result, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var current = result.GetValue(name)!;
            var id = await storage.Db.Projects.Where(p => p.Name == current).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (id is null)
            {
                return CliErrors.NoSuchProject(current);
            }

            var outcome = await ProjectEditing.UpdateAsync(storage.Db, id.Value, new ProjectUpdate(Name: result.GetValue(newName)), ct).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return CliErrors.Report(outcome.Problems);
            }

            Console.WriteLine($"Renamed '{current}' to '{outcome.Value!.Name}'.");
            return 0;
        });
        return command;
    }

    private static Command Delete()
    {
        var name = new Argument<string>("name") { Description = "The project to delete" };
        var yes = new Option<bool>("--yes") { Description = "Delete without asking (for scripts)" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("delete", "Delete a project for good: its documents, answers, model and files") { name, yes, dataDir };
        command.SetAction(async (result, ct) =>
        {
            var folder = result.GetValue(dataDir)!;

            // A running server keeps the project in memory and may be training it: it deletes projects itself. The
            // folder's lock, and on PostgreSQL the database's exclusive lock, which no server on it may hold.
            await using var offline = await OfflineStorage.OpenAsync(folder, "delete the project in its web page (Settings)", ct).ConfigureAwait(false);
            if (offline is null)
            {
                return CliErrors.UserError;
            }

            var storage = offline.Storage;
            var target = result.GetValue(name)!;
            var project = await storage.Db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Name == target, ct).ConfigureAwait(false);
            if (project is null)
            {
                return CliErrors.NoSuchProject(target);
            }

            var documents = await storage.Db.Documents.CountAsync(d => d.ProjectId == project.Id, ct).ConfigureAwait(false);
            var answers = await storage.Db.Annotations.CountAsync(a => storage.Db.Documents.Any(d => d.Id == a.DocumentId && d.ProjectId == project.Id), ct).ConfigureAwait(false);
            if (!result.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                {
                    await Console.Error.WriteLineAsync($"error: deleting '{target}' ({documents:N0} documents, {answers:N0} answers) cannot be undone; pass --yes to delete it without being asked.").ConfigureAwait(false);
                    return CliErrors.UserError;
                }

                Console.Write($"Delete '{target}' with its {documents:N0} documents and {answers:N0} answers? This cannot be undone. Type the project's name to confirm: ");
                if (Console.ReadLine()?.Trim() != target)
                {
                    await Console.Error.WriteLineAsync("Not deleted: the name did not match.").ConfigureAwait(false);
                    return CliErrors.UserError;
                }
            }

            var full = Path.GetFullPath(folder);
            var removal = new ProjectRemoval(
                new ModelStore(Path.Combine(full, "models")), new VectorCache(Path.Combine(full, "vectors")), new EmbeddingStore(Path.Combine(full, "embeddings")));
            var outcome = await removal.RemoveAsync(storage.Db, project.Id, ct).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return CliErrors.Report(outcome.Problems);
            }

            Console.WriteLine($"Deleted '{target}' ({documents:N0} documents, {answers:N0} answers, its model and files).");
            return 0;
        });
        return command;
    }
}
