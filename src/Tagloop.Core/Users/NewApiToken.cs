namespace Tagloop.Core.Users;

/// <summary>What a token is asked for: a name, and optionally one project, a role cap and an expiry.</summary>
public sealed record NewApiToken(string? Name, int? ProjectId, string? Role, DateTimeOffset? ExpiresAt);
