namespace Tagloop.Server.Projects;

/// <summary>Project settings to change; a field left out stays as it is.</summary>
/// <param name="Strategy">How the model picks the next document: a name from <c>GET /api/v1/strategies</c>.</param>
public sealed record ProjectSettings(string? Strategy);
