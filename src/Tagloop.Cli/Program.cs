using System.CommandLine;
using Tagloop.Cli;

var root = new RootCommand("Tagloop: label text while a model learns from every label")
{
    ServeCommand.Create(),
    ExportCommand.Create(),
    MigrateCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
