using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;

namespace Tagloop.Core.Users;

/// <summary>Who belongs to a project and in which role; every change is audited.</summary>
public static class ProjectMembers
{
    public static async Task<IReadOnlyList<Member>> ListAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.ProjectMembers.Where(m => m.ProjectId == projectId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Name, m.Role, m.AddedAt, u.DisabledAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderByDescending(r => r.Role).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(r => new Member(r.Name, r.Role, r.AddedAt, r.DisabledAt is not null))];
    }

    /// <summary>Adds <paramref name="userName"/> to the project with <paramref name="rawRole"/>, or changes their role.</summary>
    public static async Task<Outcome<Member>> SetAsync(
        TagloopDbContext db, int projectId, string? userName, string? rawRole, string actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var role = ProjectRoles.Parse(rawRole, "role");
        if (!role.Succeeded)
        {
            return Outcome<Member>.Failure(role.Problems);
        }

        if (string.IsNullOrWhiteSpace(userName))
        {
            return Problem.Invalid("user", "Name the user to add.");
        }

        if (await UserAccounts.FindAsync(db, userName, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return Problem.Invalid("user", $"There is no user named '{UnicodeText.Quote(userName.Trim(), 40)}'; an administrator adds users first.");
        }

        var member = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.UserId == user.Id, cancellationToken).ConfigureAwait(false);
        if (member is not null && member.Role == ProjectRole.Owner && role.Value != ProjectRole.Owner && await LastOwnerAsync(db, projectId, user.Id, cancellationToken).ConfigureAwait(false))
        {
            return Problem.Conflict($"'{user.Name}' is the project's last owner; make someone else an owner first.", "role");
        }

        var before = member?.Role;
        if (member is null)
        {
            member = new ProjectMember { ProjectId = projectId, UserId = user.Id, Role = role.Value, AddedAt = time.GetUtcNow() };
            db.ProjectMembers.Add(member);
        }

        member.Role = role.Value;
        if (before != role.Value)
        {
            AuditTrail.Add(db, time, "role-set", actor, projectId,
                $"{user.Name}: {(before is { } b ? ProjectRoles.Name(b) : "not a member")} → {ProjectRoles.Name(role.Value)}", from);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Member(user.Name, member.Role, member.AddedAt, user.IsDisabled);
    }

    public static async Task<Outcome<bool>> RemoveAsync(
        TagloopDbContext db, int projectId, string userName, string actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var user = await UserAccounts.FindAsync(db, userName, cancellationToken).ConfigureAwait(false);
        var member = user is null ? null
            : await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.UserId == user.Id, cancellationToken).ConfigureAwait(false);
        if (member is null)
        {
            return Problem.NotFound($"'{UnicodeText.Quote(userName, 40)}' is not a member of project {projectId}.");
        }

        if (member.Role == ProjectRole.Owner && await LastOwnerAsync(db, projectId, member.UserId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.Conflict($"'{user!.Name}' is the project's last owner; make someone else an owner first.");
        }

        db.ProjectMembers.Remove(member);
        AuditTrail.Add(db, time, "member-removed", actor, projectId, $"{user!.Name} (was {ProjectRoles.Name(member.Role)})", from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> LastOwnerAsync(TagloopDbContext db, int projectId, long userId, CancellationToken cancellationToken) =>
        !await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.Role == ProjectRole.Owner && m.UserId != userId, cancellationToken).ConfigureAwait(false);
}
