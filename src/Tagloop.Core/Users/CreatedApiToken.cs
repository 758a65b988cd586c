namespace Tagloop.Core.Users;

/// <summary>A token just made and its secret, which is shown this once and never stored.</summary>
public sealed record CreatedApiToken(ApiToken Token, string Secret);
