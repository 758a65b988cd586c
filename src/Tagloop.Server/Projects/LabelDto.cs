using Tagloop.Core.Taxonomy;

namespace Tagloop.Server.Projects;

/// <summary>A label as the API returns it.</summary>
public sealed record LabelDto(int Id, string Name, string? Key, string Description, string Color)
{
    public static LabelDto From(Label label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new(label.Id, label.Name, label.Key, label.Description, label.Color);
    }
}
