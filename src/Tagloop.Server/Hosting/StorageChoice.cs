using Tagloop.Storage.Postgres;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Server.Hosting;

/// <summary>
/// Which database Tagloop keeps its rows in: PostgreSQL when the database setting (<c>--database</c>,
/// <c>Tagloop:Database</c>) is a <c>Host=…</c> connection string or a <c>postgres://</c> address; otherwise SQLite,
/// in the data folder's <c>tagloop.db</c> by default. The data folder holds vectors and models either way.
/// </summary>
/// <param name="IsPostgres">Whether <paramref name="Target"/> is a PostgreSQL connection string rather than a SQLite file's full path.</param>
/// <param name="Target">The PostgreSQL connection string (as given) or the SQLite file's full path.</param>
public sealed record StorageChoice(bool IsPostgres, string Target)
{
    /// <summary>
    /// The database <paramref name="database"/> names: PostgreSQL; a SQLite file (a path, or <c>Data Source=path</c>),
    /// or a folder's <c>tagloop.db</c>; or, when empty, the SQLite file in <paramref name="dataDir"/> (created if missing).
    /// </summary>
    public static StorageChoice For(string? database, string dataDir)
    {
        if (PostgresStorage.IsPostgres(database))
        {
            return new StorageChoice(true, database!.Trim());
        }

        if (string.IsNullOrWhiteSpace(database))
        {
            var folder = Path.GetFullPath(dataDir);
            Directory.CreateDirectory(folder);
            return new StorageChoice(false, Path.Combine(folder, SqliteStorage.DatabaseFileName));
        }

        var path = database.Trim();
        const string DataSource = "Data Source=";
        if (path.StartsWith(DataSource, StringComparison.OrdinalIgnoreCase))
        {
            path = path[DataSource.Length..].Split(';')[0].Trim();
        }

        path = Path.GetFullPath(path);
        return new StorageChoice(false, Directory.Exists(path) ? Path.Combine(path, SqliteStorage.DatabaseFileName) : path);
    }

    /// <summary>The database the server's options name.</summary>
    public static StorageChoice For(TagloopServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return For(options.Database, options.DataDir);
    }

    /// <summary>Words for a user, without a password.</summary>
    public string Describe() => IsPostgres ? PostgresStorage.Describe(Target) : $"SQLite database {Target}";
}
