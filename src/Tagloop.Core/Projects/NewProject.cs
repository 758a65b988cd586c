using Tagloop.Core.Taxonomy;

namespace Tagloop.Core.Projects;

/// <summary>What a user asks for when creating a project.</summary>
public sealed record NewProject(
    string? Name,
    string? Task,
    bool MultiLabel,
    IReadOnlyList<NewLabel>? Labels,
    string? Guidelines);
