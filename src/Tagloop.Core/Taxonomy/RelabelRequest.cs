namespace Tagloop.Core.Taxonomy;

/// <summary>
/// A document whose answer a split took away: it goes to the front of the queue until someone answers it again with
/// the new labels. <see cref="Reason"/> tells the annotator why it is back.
/// </summary>
public sealed class RelabelRequest
{
    public long DocumentId { get; set; }

    public int ProjectId { get; set; }

    public long ChangeId { get; set; }

    public required string Reason { get; set; }
}
