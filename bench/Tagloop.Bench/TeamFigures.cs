namespace Tagloop.Bench;

/// <summary>
/// What a team's run measured: each <c>tasks/next</c> and answer's time in milliseconds, the run's length, what was
/// served to whom (and whether the server marked it an overlap document) and every answer the server acknowledged.
/// </summary>
internal sealed record TeamFigures(
    IReadOnlyList<double> Next,
    IReadOnlyList<double> Answers,
    double Seconds,
    IReadOnlyList<(string Annotator, long DocumentId, bool Independent)> Served,
    IReadOnlyList<(string Annotator, long DocumentId, string Label)> Acknowledged);
