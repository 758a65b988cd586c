namespace Tagloop.Server.Accounts;

/// <summary>
/// Whether accounts are on and who is signed in. With accounts off, <c>user</c> is null and everything is open to
/// this machine; with accounts on and <c>user</c> null, the page shows the sign-in form.
/// </summary>
public sealed record SessionDto(bool Accounts, UserDto? User);
