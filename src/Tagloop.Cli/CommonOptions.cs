using System.CommandLine;

namespace Tagloop.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    /// <summary>The data folder when --data-dir is not given: TAGLOOP_DATA_DIR (the ./tagloop script sets it to the repository's tagloop-data), else tagloop-data in the current folder.</summary>
    public static string DefaultDataDir =>
        Environment.GetEnvironmentVariable("TAGLOOP_DATA_DIR") is { Length: > 0 } configured ? configured : "tagloop-data";

    /// <summary>The database when --database is not given: TAGLOOP_DATABASE, else none (the data folder's SQLite file).</summary>
    public static string? DefaultDatabase =>
        Environment.GetEnvironmentVariable("TAGLOOP_DATABASE") is { Length: > 0 } configured ? configured : null;

    public static Option<string?> Database() => new("--database")
    {
        Description = "The database: a PostgreSQL connection string (\"Host=…;Database=…;Username=…\") or postgres:// address, or a SQLite file "
            + "(default: TAGLOOP_DATABASE, or tagloop.db in the data folder). Vectors and models stay in the data folder.",
        DefaultValueFactory = _ => DefaultDatabase,
    };

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
