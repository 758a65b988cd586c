using System.Security.Cryptography;
using System.Text;

namespace Tagloop.Core.Users;

/// <summary>Random secrets for sessions and tokens, and the SHA-256 under which they are stored.</summary>
public static class Secrets
{
    private const string PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>256 random bits, base64url, after a prefix that says what the secret is (<c>tgl_</c> for tokens).</summary>
    public static string New(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>A password to type once: 16 characters without look-alikes (about 93 bits).</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 16);
}
