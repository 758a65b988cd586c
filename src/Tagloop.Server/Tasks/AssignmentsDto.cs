namespace Tagloop.Server.Tasks;

/// <summary>A project's assignments, oldest first.</summary>
public sealed record AssignmentsDto(IReadOnlyList<AssignmentDto> Assignments);
