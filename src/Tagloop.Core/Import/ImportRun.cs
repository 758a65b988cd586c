namespace Tagloop.Core.Import;

/// <summary>
/// One import into a project. Its documents and pre-filled labels are written in small committed batches, so other
/// writers (answers, training runs) get the database between them, yet every query hides them until the run is
/// <see cref="ImportRunState.Completed"/>, which one short write makes them visible at once. A run that fails, is
/// rejected or cancelled, or whose process died, has its rows removed.
/// </summary>
public sealed class ImportRun
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public ImportRunState State { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>
    /// The process writing the run (with <see cref="OwnerStartedAt"/>, so a reused process id is not mistaken for it):
    /// lets a server starting up tell an import that crashed from one still running elsewhere, such as
    /// <c>tagloop import</c> beside the server.
    /// </summary>
    public int OwnerProcessId { get; set; }

    public DateTimeOffset OwnerStartedAt { get; set; }

    /// <summary>
    /// The machine the owning process runs on (null for runs written before it was recorded: taken as this machine's).
    /// Servers on several machines share a PostgreSQL database, and a process id means something only on its own machine.
    /// </summary>
    public string? OwnerHost { get; set; }

    /// <summary>The name of the file imported, as the user gave it (no folders), when known: how people tell their imports apart.</summary>
    public string? FileName { get; set; }

    /// <summary>The format the file was read as (<c>jsonl</c>, <c>csv</c>, <c>label-studio</c>, …).</summary>
    public string? Format { get; set; }

    public const int MaxFileNameLength = 255;

    /// <summary>The last part of a path a user gave, cut to <see cref="MaxFileNameLength"/> characters; null when nothing is left.</summary>
    public static string? CleanFileName(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var name = path.Replace('\\', '/').Split('/')[^1].Trim();
        name = new string([.. name.Where(c => !char.IsControl(c))]);
        if (name.Length > MaxFileNameLength)
        {
            name = name[..(char.IsHighSurrogate(name[MaxFileNameLength - 1]) ? MaxFileNameLength - 1 : MaxFileNameLength)];
        }

        return name.Length == 0 ? null : name;
    }
}
