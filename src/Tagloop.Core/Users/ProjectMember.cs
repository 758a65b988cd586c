namespace Tagloop.Core.Users;

/// <summary>A user's role in one project. Site administrators need no membership.</summary>
public sealed class ProjectMember
{
    public int ProjectId { get; set; }

    public long UserId { get; set; }

    public ProjectRole Role { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}
