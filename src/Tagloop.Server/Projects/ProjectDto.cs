using Tagloop.Core.Projects;

namespace Tagloop.Server.Projects;

/// <summary>A project as the API returns it.</summary>
public sealed record ProjectDto(
    int Id,
    string Name,
    string Task,
    bool MultiLabel,
    IReadOnlyList<LabelDto> Labels,
    string Guidelines,
    DateTimeOffset CreatedAt,
    int Documents,
    string Strategy,
    string Encoder)
{
    public static ProjectDto From(Project project, int documents)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new(
            project.Id,
            project.Name,
            project.Task.ToName(),
            project.MultiLabel,
            [.. project.Labels.OrderBy(l => l.Order).Select(LabelDto.From)],
            project.Guidelines,
            project.CreatedAt,
            documents,
            project.Strategy,
            project.Encoder);
    }
}
