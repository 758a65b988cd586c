namespace Tagloop.Core.Users;

/// <summary>
/// Who is asking. <see cref="Local"/> is the single user of a loopback server with no accounts (today's mode, where
/// the annotator's name comes with each request). Otherwise a signed-in user, perhaps through a token narrowed to one
/// project (<see cref="TokenProjectId"/>) and a role (<see cref="TokenRole"/>).
/// </summary>
public sealed record Caller(long? UserId, string Name, bool IsAdmin, bool Local, int? TokenProjectId = null, ProjectRole? TokenRole = null, long? TokenId = null)
{
    public static Caller LocalUser(string name) => new(null, name, IsAdmin: true, Local: true);

    /// <summary>True when a token narrows this caller; a narrowed token cannot act outside its project or above its role.</summary>
    public bool Narrowed => TokenProjectId is not null || TokenRole is not null;
}
