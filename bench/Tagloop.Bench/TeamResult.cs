namespace Tagloop.Bench;

/// <summary>
/// One storage and workload of the team benchmark, with its checks: documents served to more people than the project
/// allows (one, or the overlap's number), a document served twice to one person, documents several people were
/// served, acknowledged answers missing from the database afterwards, and the answers stored.
/// </summary>
internal sealed record TeamResult(
    string Storage, TeamWorkload Workload, double ImportSeconds, TeamFigures Figures, int ModelsPublished,
    int OverServed, int ServedTwiceToOne, int Shared, int Missing, int Stored);
