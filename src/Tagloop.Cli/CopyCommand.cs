using System.CommandLine;
using Tagloop.Server.Hosting;
using Tagloop.Storage.Postgres;

namespace Tagloop.Cli;

/// <summary><c>tagloop copy --from DB --to DB [--project NAME]</c>: moves Tagloop's rows between SQLite and PostgreSQL, either way.</summary>
internal static class CopyCommand
{
    public static Command Create()
    {
        const string Database = "a PostgreSQL connection string (\"Host=…;Database=…;Username=…\") or postgres:// address, or a SQLite file (a path, \"Data Source=path\", or a data folder for its tagloop.db)";
        var from = new Option<string>("--from") { Description = "The database to copy from: " + Database, Required = true };
        var to = new Option<string>("--to") { Description = "The database to copy into (created or upgraded first): " + Database, Required = true };
        var project = new Option<string?>("--project") { Description = "Copy only the project of this name (default: every project)" };
        var command = new Command(
            "copy",
            "Copy every project (or one) from one database into another, SQLite or PostgreSQL, in one transaction on the target. "
            + "Ids are kept where the target has none of them. A project whose name the target already uses with rows of its own is refused. "
            + "Only database rows are copied: vectors and models live in the data folder and are computed again where the copy is served. "
            + "Stop servers that use either database first.")
        {
            from, to, project,
        };
        command.SetAction(async (result, ct) =>
        {
            var source = StorageChoice.For(result.GetValue(from), CommonOptions.DefaultDataDir);
            var target = StorageChoice.For(result.GetValue(to), CommonOptions.DefaultDataDir);
            if (!source.IsPostgres && !File.Exists(source.Target))
            {
                await Console.Error.WriteLineAsync($"error: --from: there is no SQLite database at {source.Target}.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            if (source == target)
            {
                await Console.Error.WriteLineAsync("error: --to: that is the database given as --from; copy into another one.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            if (!target.IsPostgres)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target.Target)!);
            }

            await using var sourceStorage = await CliStorage.OpenAsync(source, ct).ConfigureAwait(false);
            await using var targetStorage = await CliStorage.OpenAsync(target, ct).ConfigureAwait(false);
            var copied = await new DatabaseCopy(sourceStorage.Db, targetStorage.Db).CopyAsync(result.GetValue(project), ct).ConfigureAwait(false);
            if (!copied.Succeeded)
            {
                return CliErrors.Report(copied.Problems);
            }

            if (target.IsPostgres)
            {
                await PostgresStorage.ResetIdentitiesAsync(targetStorage.Db, ct).ConfigureAwait(false);
            }

            Console.WriteLine($"Copied {copied.Value} from the {source.Describe()} to the {target.Describe()}.");
            Console.WriteLine("Vectors and models were not copied: they live in the data folder and are computed again when the copy is served.");
            return 0;
        });
        return command;
    }
}
