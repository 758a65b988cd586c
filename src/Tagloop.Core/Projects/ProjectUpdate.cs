namespace Tagloop.Core.Projects;

/// <summary>A change to a project's name or guidelines; a field left null stays as it is.</summary>
public sealed record ProjectUpdate(string? Name = null, string? Guidelines = null);
