namespace Tagloop.Core.Taxonomy;

/// <summary>
/// One change to a project's labels (added, edited, merged, split or deleted), numbered per project from 1: who made
/// it (the annotator's name until accounts exist) and when, in words a person reads in the history.
/// </summary>
public sealed class TaxonomyChange
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    /// <summary>The project's taxonomy version this change made: 1 for the first change after the project was created.</summary>
    public int Version { get; set; }

    public required string Author { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary><c>add</c>, <c>edit</c>, <c>merge</c>, <c>split</c> or <c>delete</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>What changed, in words: "Merged 'Refund' into 'Billing' (12 answers moved)".</summary>
    public required string Summary { get; set; }
}
