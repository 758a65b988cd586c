namespace Tagloop.Core.Users;

/// <summary>
/// A named secret a script sends as <c>Authorization: Bearer</c>. Only its SHA-256 is stored (the secret has 256 random
/// bits, so a slow hash would add nothing); it acts as its user, narrowed to one project and a role when it says so.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public required string Hash { get; set; }

    /// <summary>The first characters of the secret, to tell tokens apart in a list.</summary>
    public required string Prefix { get; set; }

    /// <summary>When set, the token reaches this project only.</summary>
    public int? ProjectId { get; set; }

    /// <summary>When set, the token acts with at most this role, whatever its user's.</summary>
    public ProjectRole? Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public string? LastUsedFrom { get; set; }
}
