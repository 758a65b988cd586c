namespace Tagloop.Core.Users;

/// <summary>A browser's sign-in: the cookie holds a random secret, the database its SHA-256, so a copy of the database signs no one in.</summary>
public sealed class UserSession
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? RemoteAddress { get; set; }
}
