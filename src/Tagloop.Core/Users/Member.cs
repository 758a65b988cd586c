namespace Tagloop.Core.Users;

/// <summary>A project's member as lists show them.</summary>
public sealed record Member(string User, ProjectRole Role, DateTimeOffset AddedAt, bool Disabled);
