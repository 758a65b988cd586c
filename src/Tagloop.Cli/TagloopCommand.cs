using System.CommandLine;

namespace Tagloop.Cli;

/// <summary>The <c>tagloop</c> command.</summary>
internal static class TagloopCommand
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Tagloop: label text while a model learns from every label")
        {
            ServeCommand.Create(),
            ImportCommand.Create(),
            ExportCommand.Create(),
            SimulateCommand.Create(),
            ModelsCommand.Create(),
            MigrateCommand.Create(),
        };
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
