namespace Tagloop.Core.Annotations;

/// <summary>Counts that show a project's progress.</summary>
/// <param name="Total">Documents in the project.</param>
/// <param name="Labelled">Documents with at least one current answer.</param>
/// <param name="Skipped">Documents someone skipped (and may still be unlabelled).</param>
/// <param name="Flagged">Documents with a flag on a current answer or skip.</param>
/// <param name="Annotations">Current answers.</param>
/// <param name="Labels">Per label, the documents that have it among current answers.</param>
/// <param name="Annotators">Per author, their current answers and skips.</param>
public sealed record ProjectStatistics(
    int Total,
    int Labelled,
    int Skipped,
    int Flagged,
    int Annotations,
    IReadOnlyList<NamedCount> Labels,
    IReadOnlyList<NamedCount> Annotators);
