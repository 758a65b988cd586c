using Microsoft.EntityFrameworkCore;

namespace Tagloop.Core.Users;

/// <summary>What role a caller has in a project: an administrator's or the local user's is owner; a token caps it.</summary>
public static class ProjectAccess
{
    public static async Task<ProjectRole?> RoleAsync(TagloopDbContext db, Caller caller, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.TokenProjectId is { } only && only != projectId)
        {
            return null;
        }

        ProjectRole? role;
        if (caller.IsAdmin || caller.Local)
        {
            role = ProjectRole.Owner;
        }
        else
        {
            var userId = caller.UserId;
            role = await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.UserId == userId)
                .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }

        return role is { } r && caller.TokenRole is { } cap && cap < r ? cap : role;
    }

    /// <summary>
    /// The caller's name when they may see only their own answers in the project: an annotator answers independently of
    /// the others (and a token capped lower does not lift that); null for reviewers, owners, administrators, viewers
    /// (who do not answer) and the local user.
    /// </summary>
    public static async Task<string?> OwnAnswersOnlyAsync(TagloopDbContext db, Caller caller, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Local || caller.IsAdmin || caller.UserId is not { } userId)
        {
            return null;
        }

        var role = await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.UserId == userId)
            .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return role == ProjectRole.Annotator ? caller.Name : null;
    }

    /// <summary>The projects a caller may see; null means all of them.</summary>
    public static async Task<IReadOnlySet<int>?> VisibleProjectsAsync(TagloopDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.TokenProjectId is { } only)
        {
            return await RoleAsync(db, caller, only, cancellationToken).ConfigureAwait(false) is null ? new HashSet<int>() : new HashSet<int> { only };
        }

        if (caller.IsAdmin || caller.Local)
        {
            return null;
        }

        var userId = caller.UserId;
        return (await db.ProjectMembers.Where(m => m.UserId == userId).Select(m => m.ProjectId).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
    }
}
