using Tagloop.Core.Projects;

namespace Tagloop.Server.Projects;

/// <summary>A project as the API returns it. <c>overlapShare</c> of its documents (0–1) are answered independently by <c>overlapAnswers</c> people each.</summary>
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
    string Encoder,
    double OverlapShare,
    int OverlapAnswers)
{
    /// <summary>Span-tagging projects: whether one answer's spans may overlap.</summary>
    public bool OverlappingSpans { get; init; }

    /// <summary>Span-tagging projects: what the queue shows at a time, "sentence" or "paragraph".</summary>
    public string SpanUnit { get; init; } = SpanUnits.Sentence;

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
            project.Encoder,
            project.OverlapShare,
            project.OverlapAnswers)
        {
            OverlappingSpans = project.OverlappingSpans,
            SpanUnit = project.SpanUnit,
        };
    }
}
