using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Common;

namespace Tagloop.Server.Hosting;

/// <summary>The 404 every project-scoped endpoint gives for an unknown project.</summary>
internal static class ProjectLookup
{
    public static Task<bool> ExistsAsync(TagloopDbContext db, int id, CancellationToken cancellationToken) =>
        db.Projects.AnyAsync(p => p.Id == id, cancellationToken);

    public static IResult NotFound(int id) => ProblemResults.ToResult(Problem.NotFound($"There is no project {id}."));
}
