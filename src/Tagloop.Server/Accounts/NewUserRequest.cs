namespace Tagloop.Server.Accounts;

/// <summary>A user an administrator adds; without a password one is generated, to be changed at first sign-in.</summary>
public sealed record NewUserRequest(string? Name, bool Admin, string? Password);
