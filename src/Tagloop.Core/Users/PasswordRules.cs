using Microsoft.AspNetCore.Identity;
using Tagloop.Core.Common;

namespace Tagloop.Core.Users;

/// <summary>Which passwords are accepted, and hashing with ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, salted).</summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>A hash of a password nobody has, checked when a name is unknown so that a wrong name takes as long as a wrong password.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(null!, Secrets.NewPassword());

    public static Problem? Check(string? password, string userName, string field)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Problem.Invalid(field, "The password is empty.");
        }

        if (password.Length < MinLength)
        {
            return Problem.Invalid(field, $"The password has {password.Length} characters; it needs at least {MinLength}.");
        }

        if (password.Length > MaxLength)
        {
            return Problem.Invalid(field, $"The password has {password.Length} characters; at most {MaxLength} are accepted.");
        }

        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase) && userName.Length >= 3)
        {
            return Problem.Invalid(field, "The password contains the user's name; choose one that does not.");
        }

        if (password.Distinct().Count() < 4)
        {
            return Problem.Invalid(field, "The password repeats too few characters to be guessed slowly; choose a longer mix.");
        }

        return null;
    }

    public static string Hash(User user, string password) => Hasher.HashPassword(user, password);

    /// <summary>Whether <paramref name="password"/> is <paramref name="user"/>'s; with no user it spends the same time and says no.</summary>
    public static bool Verify(User? user, string password)
    {
        if (user is null)
        {
            Hasher.VerifyHashedPassword(null!, DecoyHash, password);
            return false;
        }

        return Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }
}
