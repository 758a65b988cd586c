using Tagloop.Core.Users;

namespace Tagloop.Server.Security;

/// <summary>
/// The access rule every endpoint carries as metadata. An endpoint without one is refused to everyone
/// (<see cref="AccessRuleGuard"/>), and the authorization tests read the rules from the endpoint list.
/// </summary>
public sealed record AccessRule(AccessLevel Level, ProjectRole? Role = null)
{
    public string PolicyName => Level == AccessLevel.Project ? "project:" + ProjectRoles.Name(Role!.Value) : Level.ToString();

    public override string ToString() => Level == AccessLevel.Project ? ProjectRoles.Name(Role!.Value) : Level.ToString();
}
