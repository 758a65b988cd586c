using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Training;

namespace Tagloop.Core.Documents;

/// <summary>
/// Deletes documents for real: one, all that a filter and search select, or all that one import brought (the import
/// goes from the list too). Their rows go with their answers (the schema's cascades) in one transaction while no
/// training runs; then their term frequencies and sentence vectors are cut out of the project's files and the trainer
/// forgets its encoded corpus; then the queue drops them and the model is retrained. The CLI, which runs without a
/// server, passes no changes.
/// </summary>
public sealed class DocumentRemoval(TagloopDbContext db, ProjectChanges? changes = null, VectorCache? vectors = null, EmbeddingStore? embeddings = null)
{
    /// <summary>Deletes one document.</summary>
    public async Task<Outcome<int>> RemoveOneAsync(int projectId, long documentId, CancellationToken cancellationToken)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        if (!await db.Documents.AnyAsync(d => d.Id == documentId && d.ProjectId == projectId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.NotFound($"Project {projectId} has no document {documentId}.");
        }

        return await RemoveAsync(projectId, [documentId], null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes what a filter and search select. <paramref name="expected"/>, when given, is the count the person
    /// confirmed: if the selection has grown or shrunk since, nothing is deleted and the conflict says so.
    /// </summary>
    public async Task<Outcome<int>> RemoveSelectedAsync(int projectId, DocumentFilter filter, string? search, int? expected, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var selected = new DocumentBrowser(db).Select(project, filter, search);
        if (!selected.Succeeded)
        {
            return Outcome<int>.Failure(selected.Problems);
        }

        var ids = await selected.Value!.Select(d => d.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (expected is { } confirmed && confirmed != ids.Count)
        {
            return Problem.Conflict($"The selection holds {Documents(ids.Count)} now, not the {Documents(confirmed)} confirmed; nothing was deleted. Look again and confirm the new count.", "expected");
        }

        return await RemoveAsync(projectId, ids, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many documents a filter and search select now: what a person confirms before <see cref="RemoveSelectedAsync"/>.</summary>
    public async Task<Outcome<int>> CountSelectedAsync(int projectId, DocumentFilter filter, string? search, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var selected = new DocumentBrowser(db).Select(project, filter, search);
        return selected.Succeeded
            ? await selected.Value!.CountAsync(cancellationToken).ConfigureAwait(false)
            : Outcome<int>.Failure(selected.Problems);
    }

    /// <summary>Deletes an import: every document it brought (with their answers) and its entry in the list of imports.</summary>
    public async Task<Outcome<int>> RemoveImportAsync(int projectId, long importId, CancellationToken cancellationToken)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var run = await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == importId && r.ProjectId == projectId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return Problem.NotFound($"Project {projectId} has no import {importId}.");
        }

        if (run.State != ImportRunState.Completed)
        {
            return Problem.Conflict($"Import {importId} is still running; cancel it, or wait for it to finish, then delete it.");
        }

        var ids = await db.Documents.Where(d => d.ProjectId == projectId && d.ImportRunId == importId).Select(d => d.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return await RemoveAsync(projectId, ids, importId, cancellationToken).ConfigureAwait(false);
    }

    private static string Documents(int n) => n == 1 ? "1 document" : $"{n:N0} documents";

    private async Task<Outcome<int>> RemoveAsync(int projectId, List<long> ids, long? importId, CancellationToken cancellationToken)
    {
        var removed = ids.ToHashSet();
        async Task DeleteRowsAndVectors(TrainingCoordinator? training)
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async ct =>
            {
                var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // In chunks: a statement's parameters are bounded (SQLite's to 32,766).
                    foreach (var chunk in ids.Chunk(5_000))
                    {
                        await db.Documents.IgnoreQueryFilters().Where(d => d.ProjectId == projectId && chunk.Contains(d.Id))
                            .ExecuteDeleteAsync(ct).ConfigureAwait(false);
                    }

                    if (importId is { } run)
                    {
                        await db.ImportRuns.Where(r => r.Id == run && r.ProjectId == projectId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);

            // The rows are gone; the vectors go too (a failure here leaves only unused records, never wrong ones).
            training?.ForgetDocuments(projectId);
            vectors?.Remove(projectId, removed);
            embeddings?.Remove(projectId, removed);
        }

        if (changes is null)
        {
            await DeleteRowsAndVectors(null).ConfigureAwait(false);
        }
        else
        {
            await changes.WhileIdleAsync(DeleteRowsAndVectors, cancellationToken).ConfigureAwait(false);
            await changes.DocumentsRemovedAsync(projectId, ids, importId).ConfigureAwait(false);
        }

        return ids.Count;
    }
}
