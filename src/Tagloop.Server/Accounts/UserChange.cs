namespace Tagloop.Server.Accounts;

/// <summary>What an administrator changes about a user; fields left out stay.</summary>
public sealed record UserChange(bool? Disabled, bool? Admin, bool? ResetPassword);
