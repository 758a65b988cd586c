using System.CommandLine;

namespace Tagloop.Cli;

/// <summary><c>tagloop migrate</c>: creates or upgrades the database without starting the server.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var command = new Command("migrate", "Create or upgrade the database") { dataDir };
        command.SetAction(async (result, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            Console.WriteLine($"The database in {Path.GetFullPath(result.GetValue(dataDir)!)} is up to date.");
            return 0;
        });
        return command;
    }
}
