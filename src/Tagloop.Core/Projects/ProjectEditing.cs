using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;

namespace Tagloop.Core.Projects;

/// <summary>Renames a project or edits its guidelines, by the rules a new project follows.</summary>
public static class ProjectEditing
{
    public static async Task<Outcome<Project>> UpdateAsync(TagloopDbContext db, int projectId, ProjectUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(update);
        var project = await db.Projects.Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var problems = new List<Problem>();
        var name = update.Name?.Trim();
        if (name is not null && ProjectCreation.NameProblem(name) is { } nameProblem)
        {
            problems.Add(nameProblem);
        }

        if (ProjectCreation.GuidelinesProblem(update.Guidelines) is { } guidelinesProblem)
        {
            problems.Add(guidelinesProblem);
        }

        if (problems.Count > 0)
        {
            return Outcome<Project>.Failure(problems);
        }

        if (name is not null && name != project.Name)
        {
            if (await db.Projects.AnyAsync(p => p.Name == name && p.Id != projectId, cancellationToken).ConfigureAwait(false))
            {
                return Problem.Conflict($"A project named '{UnicodeText.Quote(name)}' already exists.", "name");
            }

            project.Name = name;
        }

        if (update.Guidelines is not null)
        {
            project.Guidelines = update.Guidelines.Trim();
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return project;
    }
}
