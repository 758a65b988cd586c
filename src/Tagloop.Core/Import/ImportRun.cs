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
}
