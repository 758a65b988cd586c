namespace Tagloop.Core.Users;

/// <summary>A user just made, with the password Tagloop generated for them (null when one was given), shown once.</summary>
public sealed record AddedUser(User User, string? GeneratedPassword);
