namespace Tagloop.Server.Accounts;

/// <summary>A user just added or whose password was reset, with the generated password (shown this once), if any.</summary>
public sealed record AddedUserDto(UserDto User, string? Password);
