namespace Tagloop.Core.Taxonomy;

/// <summary>One label of a new project's taxonomy as a user gives it.</summary>
public sealed record NewLabel(string? Name, string? Key = null, string? Description = null, string? Color = null);
