namespace Tagloop.Core.Users;

/// <summary>A valid token found from its secret, with its user.</summary>
public sealed record UsedApiToken(ApiToken Token, User User);
