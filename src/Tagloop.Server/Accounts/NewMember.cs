namespace Tagloop.Server.Accounts;

/// <summary>A user to add to a project, or whose role to change.</summary>
public sealed record NewMember(string? User, string? Role);
