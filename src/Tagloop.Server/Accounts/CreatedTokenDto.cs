namespace Tagloop.Server.Accounts;

/// <summary>A token just made: <c>token</c> is the secret to send as <c>Authorization: Bearer</c>, shown this once.</summary>
public sealed record CreatedTokenDto(long Id, string Token, string Name, int? ProjectId, string? Role, DateTimeOffset? ExpiresAt);
