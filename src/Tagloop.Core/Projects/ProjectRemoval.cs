using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Tasks;
using Tagloop.Core.Training;

namespace Tagloop.Core.Projects;

/// <summary>
/// Deletes a project for real: its database rows (labels, documents, answers, imports, training runs, by the
/// schema's cascades, in one statement) and its files (model, TF-IDF cache, sentence vectors), and what a running
/// server keeps of it in memory (model, queue, the rules' corpus). The rows go while no training runs, so no run records or saves
/// anything for the project afterwards; an encoding under way writes nothing more once the vectors are deleted. The
/// CLI, which runs without a server, passes no training or memory.
/// </summary>
public sealed class ProjectRemoval(
    ModelStore? models = null, VectorCache? vectors = null, EmbeddingStore? embeddings = null,
    TrainingCoordinator? training = null, ModelRegistry? registry = null, TaskPools? pools = null, WeakSupervision.RuleWorkbench? rules = null)
{
    public async Task<Outcome<Project>> RemoveAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        async Task DeleteRowsAndFiles()
        {
            await db.Projects.Where(p => p.Id == projectId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);

            // The rows are gone: from here on the project is deleted whatever happens to its files.
            training?.ForgetDocuments(projectId);
            embeddings?.DeleteProject(projectId);
            vectors?.DeleteProject(projectId);
            models?.DeleteProject(projectId);
        }

        if (training is null)
        {
            await DeleteRowsAndFiles().ConfigureAwait(false);
        }
        else
        {
            await training.WhileIdleAsync(DeleteRowsAndFiles, cancellationToken).ConfigureAwait(false);
        }

        registry?.Forget(projectId);
        pools?.Forget(projectId);
        rules?.Forget(projectId);
        return project;
    }
}
