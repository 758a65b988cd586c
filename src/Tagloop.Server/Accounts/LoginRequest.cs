namespace Tagloop.Server.Accounts;

public sealed record LoginRequest(string? Name, string? Password);
