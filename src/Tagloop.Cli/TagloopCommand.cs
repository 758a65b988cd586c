using System.CommandLine;
using Tagloop.Core.Common;
using Tagloop.Storage.Postgres;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Cli;

/// <summary>The <c>tagloop</c> command.</summary>
internal static class TagloopCommand
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Tagloop: label text while a model learns from every label")
        {
            ServeCommand.Create(),
            ProjectsCommand.Create(),
            UsersCommand.Create(),
            LabelsCommand.Create(),
            DocumentsCommand.Create(),
            DocumentsCommand.CreateImports(),
            ImportCommand.Create(),
            ExportCommand.Create(),
            SimulateCommand.Create(),
            WeakCommand.Create(),
            ModelsCommand.Create(),
            MigrateCommand.Create(),
            CopyCommand.Create(),
        };
        var parsed = root.Parse(args);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (Exception e) when (DiskFull.Is(e, new SqliteStorageFaults(DataDirectory(parsed))) || DiskFull.Is(e, new PostgresStorageFaults()))
        {
            // A full disk is the machine's state, not a bug: one line, and the transaction or partial file was undone.
            await Console.Error.WriteLineAsync("error: the disk is full, so nothing was written (imports and exports are all or nothing). Free some space and run the command again.").ConfigureAwait(false);
            return CliErrors.UserError;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"error: Tagloop failed unexpectedly; this is a bug, please report it with what follows.{Environment.NewLine}{e}").ConfigureAwait(false);
            return 70;
        }
    }

    /// <summary>The folder the command was given (or its default), to tell a full disk from another write error.</summary>
    private static string? DataDirectory(ParseResult parsed)
    {
        var option = parsed.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--data-dir") as Option<string>;
        return option is null ? null : Path.GetFullPath(parsed.GetValue(option) ?? CommonOptions.DefaultDataDir);
    }
}
