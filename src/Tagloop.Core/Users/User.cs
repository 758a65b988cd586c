namespace Tagloop.Core.Users;

/// <summary>
/// A person who signs in. Once the first user exists, Tagloop requires a session or a token for everything and the
/// annotator is the signed-in user. Users are disabled, never deleted, so that their answers keep an author and
/// accounts stay on once turned on.
/// </summary>
public sealed class User
{
    public long Id { get; set; }

    /// <summary>The name shown everywhere and written as the author of this user's answers.</summary>
    public required string Name { get; set; }

    /// <summary>The name in upper case, unique: two users cannot differ only in case.</summary>
    public required string NormalizedName { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash (format v3), salt and iteration count included.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>A site administrator: adds users and has an owner's rights on every project.</summary>
    public bool IsAdmin { get; set; }

    /// <summary>Set for a generated password: the user must choose one before doing anything else.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DisabledAt { get; set; }

    public bool IsDisabled => DisabledAt is not null;
}
