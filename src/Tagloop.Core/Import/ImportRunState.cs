namespace Tagloop.Core.Import;

/// <summary>Where an import stands; only a completed one's documents are visible.</summary>
public enum ImportRunState
{
    /// <summary>Writing; its documents are hidden.</summary>
    Running = 0,

    /// <summary>Done: its documents are part of the project.</summary>
    Completed = 1,

    /// <summary>Failed, rejected or cancelled: its rows are being removed.</summary>
    Abandoned = 2,
}
