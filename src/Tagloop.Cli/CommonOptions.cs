using System.CommandLine;

namespace Tagloop.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Folder holding Tagloop's database and caches",
        DefaultValueFactory = _ => "tagloop-data",
    };

    public static Option<string> Project() => new("--project")
    {
        Description = "Name of the project",
        Required = true,
    };
}
