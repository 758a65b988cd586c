namespace Tagloop.Core.Tasks;

/// <summary>
/// A lease held in the database (<c>TaskLeases</c>), for several servers sharing one: the document an annotator holds
/// in a project until <see cref="ExpiresAt"/>. One row per annotator and project (the key), so taking a new lease
/// replaces the old; a document has as many rows as people hold it (one, or up to its slots for an overlap document).
/// A row that ran out is ignored, and replaced when its annotator next takes one. Transient: not copied between databases.
/// </summary>
public sealed class TaskLease
{
    public int ProjectId { get; set; }

    public required string Annotator { get; set; }

    public long DocumentId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
