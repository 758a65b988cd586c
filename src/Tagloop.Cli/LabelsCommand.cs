using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Users;
using Tagloop.Server.Projects;

namespace Tagloop.Cli;

/// <summary>
/// <c>tagloop labels list|history|add|edit|merge|split|delete</c>: a project's labels and their changes mid-project, as
/// the Settings tab makes them. Changes need the data folder to themselves (a running server makes them in its page).
/// </summary>
internal static class LabelsCommand
{
    private const string Instead = "change the labels in its web page (Settings)";


    public static Command Create() => new("labels", "List a project's labels and change them: add, edit, merge, split, delete")
    {
        List(),
        History(),
        Add(),
        Edit(),
        Merge(),
        Split(),
        Delete(),
    };

    private static Argument<string> ProjectArgument() => new("project") { Description = "The project's name" };

    private static Argument<string> LabelArgument(string description = "The label's name (or id)") => new("label") { Description = description };

    private static Option<string?> AuthorOption() => new("--author")
    {
        Description = "Who makes the change, for the history (default: your user name)",
    };

    private static Command List()
    {
        var project = ProjectArgument();
        var json = new Option<bool>("--json") { Description = "Print JSON (the API's label objects), for scripts" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("list", "List the project's labels with their keys and colours") { project, json, dataDir };
        command.SetAction(async (result, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var found = await storage.ProjectAsync(result.GetValue(project)!, ct).ConfigureAwait(false);
            if (found is null)
            {
                return CliErrors.NoSuchProject(result.GetValue(project)!);
            }

            var labels = await storage.Db.Labels.AsNoTracking().Where(l => l.ProjectId == found.Id).OrderBy(l => l.Order).ToListAsync(ct).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                CliOutput.WriteJson((labels.Select(LabelDto.From)));
                return 0;
            }

            var table = new Table().AddColumns("id", "name", "key", "colour", "description");
            foreach (var l in labels)
            {
                table.AddRow(l.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(l.Name), Markup.Escape(l.Key ?? ""), l.Color, Markup.Escape(l.Description));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command History()
    {
        var project = ProjectArgument();
        var json = new Option<bool>("--json") { Description = "Print JSON, for scripts" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("history", "Every change to the project's labels, newest first") { project, json, dataDir };
        command.SetAction(async (result, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var found = await storage.ProjectAsync(result.GetValue(project)!, ct).ConfigureAwait(false);
            if (found is null)
            {
                return CliErrors.NoSuchProject(result.GetValue(project)!);
            }

            var history = await new TaxonomyEditor(storage.Db, TimeProvider.System).HistoryAsync(found.Id, ct).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                CliOutput.WriteJson((history.Value!.Select(TaxonomyChangeDto.From)));
                return 0;
            }

            if (history.Value!.Count == 0)
            {
                Console.WriteLine($"The labels of '{found.Name}' have not changed since it was created.");
                return 0;
            }

            var table = new Table().AddColumns("version", "when (UTC)", "who", "change");
            foreach (var c in history.Value!)
            {
                table.AddRow(c.Version.ToString(CultureInfo.InvariantCulture), c.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(c.Author), Markup.Escape(c.Summary));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Add()
    {
        var project = ProjectArgument();
        var name = new Argument<string>("name") { Description = "The new label's name" };
        var (key, color, description) = LabelOptions();
        var author = AuthorOption();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("add", "Add a label (a key and a colour are chosen when left out)") { project, name, key, color, description, author, dataDir };
        command.SetAction((result, ct) => ChangeAsync(result, project, author, dataDir, ct, async (editor, projectId, by, _) =>
        {
            var outcome = await editor.AddAsync(projectId, by, new NewLabel(result.GetValue(name), result.GetValue(key), result.GetValue(description), result.GetValue(color)), ct).ConfigureAwait(false);
            return CliOutput.Said(outcome, l => $"Added label '{l.Name}' (id {l.Id}, key {l.Key ?? "none"}, colour {l.Color}).");
        }));
        return command;
    }

    private static Command Edit()
    {
        var project = ProjectArgument();
        var label = LabelArgument();
        var name = new Option<string?>("--name") { Description = "A new name" };
        var (key, color, description) = LabelOptions();
        var author = AuthorOption();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("edit", "Rename, re-key (--key \"\" removes the key), recolour or re-describe a label; answers keep it") { project, label, name, key, color, description, author, dataDir };
        command.SetAction((result, ct) => ChangeAsync(result, project, author, dataDir, ct, async (editor, projectId, by, labels) =>
        {
            if (Find(labels, result.GetValue(label)!) is not { } target)
            {
                return NoSuchLabel(result.GetValue(label)!, labels);
            }

            var outcome = await editor.EditAsync(projectId, target.Id, by, new LabelUpdate(result.GetValue(name), result.GetValue(key), result.GetValue(color), result.GetValue(description)), ct).ConfigureAwait(false);
            return CliOutput.Said(outcome, l => $"Label {l.Id} is now '{l.Name}' (key {l.Key ?? "none"}, colour {l.Color}).");
        }));
        return command;
    }

    private static Command Merge()
    {
        var project = ProjectArgument();
        var label = LabelArgument("The label to merge away (name or id)");
        var into = new Option<string>("--into") { Description = "The label that takes its answers (name or id)", Required = true };
        var author = AuthorOption();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("merge", "Merge a label into another: its answers say the other from now on") { project, label, into, author, dataDir };
        command.SetAction((result, ct) => ChangeAsync(result, project, author, dataDir, ct, async (editor, projectId, by, labels) =>
        {
            if (Find(labels, result.GetValue(label)!) is not { } target)
            {
                return NoSuchLabel(result.GetValue(label)!, labels);
            }

            if (Find(labels, result.GetValue(into)!) is not { } other)
            {
                return NoSuchLabel(result.GetValue(into)!, labels, "--into");
            }

            var outcome = await editor.MergeAsync(projectId, target.Id, other.Id, by, ct).ConfigureAwait(false);
            return CliOutput.Said(outcome, r => $"Merged '{target.Name}' into '{other.Name}': {r.Answers:N0} answers moved (version {r.Version}).");
        }));
        return command;
    }

    private static Command Split()
    {
        var project = ProjectArgument();
        var label = LabelArgument("The label to split (name or id)");
        var into = new Option<string[]>("--into") { Description = "A new label (repeat for each; two or more)", Arity = ArgumentArity.OneOrMore, Required = true };
        var author = AuthorOption();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("split", "Split a label into two or more; its documents go back to the front of the queue") { project, label, into, author, dataDir };
        command.SetAction((result, ct) => ChangeAsync(result, project, author, dataDir, ct, async (editor, projectId, by, labels) =>
        {
            if (Find(labels, result.GetValue(label)!) is not { } target)
            {
                return NoSuchLabel(result.GetValue(label)!, labels);
            }

            var outcome = await editor.SplitAsync(projectId, target.Id, [.. (result.GetValue(into) ?? []).Select(n => new NewLabel(n))], by, ct).ConfigureAwait(false);
            return CliOutput.Said(outcome, r => $"Split '{target.Name}' into {string.Join(", ", r.Labels.Select(l => $"'{l.Name}' [{l.Key}]"))}: {r.DocumentsRequeued:N0} documents are back at the front of the queue (version {r.Version}).");
        }));
        return command;
    }

    private static Command Delete()
    {
        var project = ProjectArgument();
        var label = LabelArgument("The label to delete (name or id)");
        var yes = new Option<bool>("--yes") { Description = "Delete without asking (for scripts)" };
        var author = AuthorOption();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("delete", "Delete a label: its answers stay in the history but are no longer counted") { project, label, yes, author, dataDir };
        command.SetAction((result, ct) => ChangeAsync(result, project, author, dataDir, ct, async (editor, projectId, by, labels) =>
        {
            if (Find(labels, result.GetValue(label)!) is not { } target)
            {
                return NoSuchLabel(result.GetValue(label)!, labels);
            }

            if (!await OfflineStorage.ConfirmAsync(result.GetValue(yes), $"deleting label '{target.Name}'", target.Name, $"Delete label '{target.Name}'? Its answers stay in the history but no longer count.").ConfigureAwait(false))
            {
                return CliErrors.UserError;
            }

            var outcome = await editor.DeleteAsync(projectId, target.Id, by, ct).ConfigureAwait(false);
            return CliOutput.Said(outcome, r => $"Deleted label '{target.Name}': {r.Answers:N0} answers carried it; {r.DocumentsRequeued:N0} documents are open again (version {r.Version}).");
        }));
        return command;
    }

    private static (Option<string?> Key, Option<string?> Color, Option<string?> Description) LabelOptions() => (
        new Option<string?>("--key") { Description = "The key that picks it when annotating (one character)" },
        new Option<string?>("--color") { Description = "A hex colour such as #1f77b4" },
        new Option<string?>("--description") { Description = "What the label means, for annotators" });

    private delegate Task<int> Change(TaxonomyEditor editor, int projectId, string author, List<Label> labels);

    private static async Task<int> ChangeAsync(ParseResult result, Argument<string> project, Option<string?> author, Option<string> dataDir, CancellationToken ct, Change change)
    {
        var by = AnnotatorName.Parse(result.GetValue(author) ?? Environment.UserName, "author", "Author", AnnotatorName.Default);
        if (!by.Succeeded)
        {
            return CliErrors.Report(by.Problems);
        }

        return await OfflineStorage.RunAsync(result.GetValue(dataDir)!, Instead, result.GetValue(project)!, ct, async (offline, found) =>
        {
            var db = offline.Storage.Db;
            var labels = await db.Labels.AsNoTracking().Where(l => l.ProjectId == found.Id).OrderBy(l => l.Order).ToListAsync(ct).ConfigureAwait(false);
            return await change(new TaxonomyEditor(db, TimeProvider.System), found.Id, by.Value!, labels).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static Label? Find(List<Label> labels, string given) =>
        labels.FirstOrDefault(l => l.Name == given)
        ?? labels.FirstOrDefault(l => string.Equals(l.Name, given, StringComparison.OrdinalIgnoreCase))
        ?? (int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? labels.FirstOrDefault(l => l.Id == id) : null);

    private static int NoSuchLabel(string given, List<Label> labels, string? flag = null)
    {
        Console.Error.WriteLine($"error: {(flag is null ? "" : flag + ": ")}there is no label '{given}'; the project's labels are {string.Join(", ", labels.Select(l => l.Name))} ('tagloop labels list').");
        return CliErrors.UserError;
    }

}
