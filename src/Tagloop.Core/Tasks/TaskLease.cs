namespace Tagloop.Core.Tasks;

/// <summary>A document handed to an annotator and held for them until it is answered or the lease runs out.</summary>
public sealed class TaskLease
{
    public long DocumentId { get; set; }

    public int ProjectId { get; set; }

    public required string Annotator { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
