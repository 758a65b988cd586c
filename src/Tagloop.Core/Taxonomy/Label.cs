namespace Tagloop.Core.Taxonomy;

/// <summary>One label of a project's taxonomy.</summary>
public sealed class Label
{
    public int Id { get; set; }

    public int ProjectId { get; set; }

    public required string Name { get; set; }

    /// <summary>The keyboard key that picks this label in the annotation view (a single character).</summary>
    public string? Key { get; set; }

    public string Description { get; set; } = "";

    /// <summary>A CSS hex colour such as <c>#1f77b4</c>.</summary>
    public string Color { get; set; } = "#888888";

    /// <summary>Position in the taxonomy, for display order.</summary>
    public int Order { get; set; }
}
