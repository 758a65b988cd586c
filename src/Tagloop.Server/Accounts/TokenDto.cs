using Tagloop.Core.Users;

namespace Tagloop.Server.Accounts;

/// <summary>A token as lists show it: never its secret, only the first characters.</summary>
public sealed record TokenDto(long Id, string Name, string Prefix, int? ProjectId, string? Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt, string? LastUsedFrom, bool Revoked)
{
    public static TokenDto From(ApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new(token.Id, token.Name, token.Prefix, token.ProjectId, token.Role is { } r ? ProjectRoles.Name(r) : null, token.CreatedAt, token.ExpiresAt,
            token.LastUsedAt, token.LastUsedFrom, token.RevokedAt is not null);
    }
}
