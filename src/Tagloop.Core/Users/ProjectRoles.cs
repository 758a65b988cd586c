using Tagloop.Core.Common;

namespace Tagloop.Core.Users;

/// <summary>The lower-case names roles have in the API, the CLI and the UI.</summary>
public static class ProjectRoles
{
    public static string Name(ProjectRole role) => role switch
    {
        ProjectRole.Viewer => "viewer",
        ProjectRole.Annotator => "annotator",
        ProjectRole.Reviewer => "reviewer",
        ProjectRole.Owner => "owner",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role."),
    };

    public static IReadOnlyList<ProjectRole> All { get; } = [ProjectRole.Viewer, ProjectRole.Annotator, ProjectRole.Reviewer, ProjectRole.Owner];

    public static Outcome<ProjectRole> Parse(string? raw, string field)
    {
        var name = raw?.Trim() ?? "";
        foreach (var role in All)
        {
            if (string.Equals(Name(role), name, StringComparison.OrdinalIgnoreCase))
            {
                return role;
            }
        }

        return Problem.Invalid(field, $"Unknown role '{UnicodeText.Quote(name, 40)}'; expected viewer, annotator, reviewer or owner.");
    }
}
