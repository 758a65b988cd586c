namespace Tagloop.Core.Tasks;

/// <summary>
/// Documents an owner set aside for one person: chosen by hand (<see cref="Documents"/>), by words in their text
/// (<see cref="Search"/>, as Browse's search), or by a metadata field's value (<see cref="MetaField"/> =
/// <see cref="MetaValue"/>), or by several of these at once (all must hold). The queue serves them to that person first
/// and to no one else until they have answered. A filter also takes in documents imported later.
/// </summary>
public sealed class Assignment
{
    public int Id { get; set; }

    public int ProjectId { get; set; }

    /// <summary>Who the documents are for: a user's name, or an annotator's name where accounts are off.</summary>
    public required string Assignee { get; set; }

    public string? Search { get; set; }

    public string? MetaField { get; set; }

    public string? MetaValue { get; set; }

    /// <summary>Why, in the owner's words (shown to the team).</summary>
    public string? Note { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The documents chosen by hand; empty when a filter chooses.</summary>
    public List<AssignedDocument> Documents { get; set; } = [];
}
