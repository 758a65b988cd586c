using Tagloop.Core.Users;

namespace Tagloop.Server.Accounts;

/// <summary>A user as the API shows them (never their password or its hash).</summary>
public sealed record UserDto(string Name, bool Admin, bool Disabled, bool MustChangePassword, DateTimeOffset CreatedAt)
{
    public static UserDto From(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Name, user.IsAdmin, user.IsDisabled, user.MustChangePassword, user.CreatedAt);
    }
}
