using System.CommandLine;
using Tagloop.Server.Hosting;

namespace Tagloop.Cli;

/// <summary><c>tagloop migrate</c>: creates or upgrades the database without starting the server.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var database = CommonOptions.Database();
        var command = new Command("migrate", "Create or upgrade the database (SQLite in the data folder, or the one --database names)") { dataDir, database };
        command.SetAction(async (result, ct) =>
        {
            var choice = StorageChoice.For(result.GetValue(database), result.GetValue(dataDir)!);
            await using var storage = await CliStorage.OpenAsync(choice, ct).ConfigureAwait(false);
            Console.WriteLine($"The {choice.Describe()} is up to date.");
            return 0;
        });
        return command;
    }
}
