using System.CommandLine;

namespace Tagloop.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    /// <summary>The data folder when --data-dir is not given: TAGLOOP_DATA_DIR (the ./tagloop script sets it to the repository's tagloop-data), else tagloop-data in the current folder.</summary>
    public static string DefaultDataDir =>
        Environment.GetEnvironmentVariable("TAGLOOP_DATA_DIR") is { Length: > 0 } configured ? configured : "tagloop-data";

    public static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Folder holding Tagloop's database and caches (default: TAGLOOP_DATA_DIR, or tagloop-data here; ./tagloop uses the repository's)",
        DefaultValueFactory = _ => DefaultDataDir,
    };

    public static Option<string> Project() => new("--project")
    {
        Description = "Name of the project",
        Required = true,
    };
}
