namespace Tagloop.Core.Tasks;

/// <summary>A document an <see cref="Assignment"/> names by hand.</summary>
public sealed class AssignedDocument
{
    public int AssignmentId { get; set; }

    public long DocumentId { get; set; }
}
