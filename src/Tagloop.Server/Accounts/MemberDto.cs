using Tagloop.Core.Users;

namespace Tagloop.Server.Accounts;

/// <summary>A project member: the user's name and role (viewer, annotator, reviewer or owner).</summary>
public sealed record MemberDto(string User, string Role, DateTimeOffset AddedAt, bool Disabled)
{
    public static MemberDto From(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new(member.User, ProjectRoles.Name(member.Role), member.AddedAt, member.Disabled);
    }
}
