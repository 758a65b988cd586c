namespace Tagloop.Core.Users;

/// <summary>A session found from its cookie, with its user.</summary>
public sealed record SignedInSession(UserSession Session, User User);
