namespace Tagloop.Server.Hosting;

/// <summary>Where Tagloop keeps its data and how it listens. Bound from the <c>Tagloop</c> configuration section.</summary>
public sealed class TagloopServerOptions
{
    public const string Section = "Tagloop";

    /// <summary>Folder for the SQLite database and caches.</summary>
    public string DataDir { get; set; } = "tagloop-data";

    /// <summary>
    /// The database: empty for the SQLite file in <see cref="DataDir"/>; a PostgreSQL connection string
    /// (<c>Host=…;Database=…;Username=…</c>) or <c>postgres://</c> address; or another SQLite file's path. See <see cref="StorageChoice"/>.
    /// </summary>
    public string? Database { get; set; }

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5080;

    /// <summary>
    /// Names besides loopback's that requests may be addressed to (the <c>Host</c> header), such as the name of a
    /// proxy in front of Tagloop. Every other name is refused, which defeats DNS rebinding.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Folder of the built web UI; found beside the app or in <c>web/dist</c> when empty.</summary>
    public string? WebRoot { get; set; }

    /// <summary>Largest accepted document, in bytes of UTF-8.</summary>
    public long MaxDocumentBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest request body other than an import (JSON requests), in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Sign-in attempts one client address may make per minute; more are answered 429.</summary>
    public int SignInsPerMinute { get; set; } = 20;

    /// <summary>Largest accepted import upload, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 4L * 1024 * 1024 * 1024;
}
