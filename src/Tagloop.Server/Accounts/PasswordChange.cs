namespace Tagloop.Server.Accounts;

/// <summary>A user's own password change: the current password and the new one.</summary>
public sealed record PasswordChange(string? Current, string? New);
