using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Tasks;
using Tagloop.Core.Training;

namespace Tagloop.Core.Projects;

/// <summary>
/// What follows a committed change to a project's answers or documents, decided here once for every way in (the API,
/// the command line, undo, imports): the task queue learns what is current on the document, the author's lease ends,
/// the model is retrained, and open browsers hear that the answers changed.
/// </summary>
public sealed class ProjectChanges(TaskPools pools, ITaskLeases leases, ProjectFeed<AnnotationsChanged> answers, TimeProvider time, TrainingCoordinator? training = null)
{
    /// <summary>An answer or skip was committed; <paramref name="labelsChanged"/> when the labels the model learns from changed (not for a skip that replaced nothing but a skip).</summary>
    public async Task AnsweredAsync(TagloopDbContext db, Annotation annotation, bool labelsChanged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        await pools.DocumentChangedAsync(db, annotation.ProjectId, annotation.DocumentId, cancellationToken).ConfigureAwait(false);
        await leases.ReleaseAsync(annotation.ProjectId, annotation.Author, annotation.DocumentId, cancellationToken).ConfigureAwait(false);
        Notify(annotation.ProjectId, labelsChanged);
    }

    /// <summary>
    /// Many answers by one author were committed at once (<see cref="BulkAnswers"/>): the queue is read afresh rather
    /// than document by document, the author's lease on one of them ends, the model is retrained, browsers told.
    /// </summary>
    public async Task AnsweredManyAsync(int projectId, string author, IReadOnlyList<long> documentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        pools.Forget(projectId);
        if (await leases.HeldAsync(projectId, author, cancellationToken).ConfigureAwait(false) is { } held && documentIds.Contains(held))
        {
            await leases.ReleaseAsync(projectId, author, held, cancellationToken).ConfigureAwait(false);
        }

        Notify(projectId, retrain: true);
    }

    /// <summary>An answer was deleted: the author's previous one on the document, or none, is current again.</summary>
    public async Task UndoneAsync(TagloopDbContext db, Annotation annotation, bool labelsChanged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        await pools.DocumentChangedAsync(db, annotation.ProjectId, annotation.DocumentId, cancellationToken).ConfigureAwait(false);
        Notify(annotation.ProjectId, labelsChanged);
    }

    /// <summary>
    /// Runs a change that rewrites many answers or documents at once (a taxonomy change, deleting documents) while no
    /// training runs, so no run reads half of it; <paramref name="whileIdle"/> gets the trainer's ear to drop what it
    /// holds of deleted documents.
    /// </summary>
    public Task WhileIdleAsync(Func<TrainingCoordinator?, Task> whileIdle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileIdle);
        return training is null ? whileIdle(null) : training.WhileIdleAsync(() => whileIdle(training), cancellationToken);
    }

    /// <summary>The labels changed (and with them answers): the queue is read afresh, the model retrained, browsers told.</summary>
    public void TaxonomyChanged(int projectId)
    {
        pools.Forget(projectId);
        Notify(projectId, retrain: true);
    }

    /// <summary>A label was renamed, re-keyed or recoloured: answers and queue stand; the model is retrained to carry the new names.</summary>
    public void LabelsRenamed(int projectId) => Notify(projectId, retrain: true);

    /// <summary>Documents were deleted: they leave the queue (and any lease on them ends), the model is retrained, browsers told.</summary>
    public async Task DocumentsRemovedAsync(int projectId, IReadOnlyCollection<long> documentIds, long? importRunId)
    {
        await pools.DocumentsRemovedAsync(projectId, documentIds, importRunId).ConfigureAwait(false);
        Notify(projectId, retrain: true);
    }

    /// <summary>A reviewer set or withdrew a document's final label: the model learns it, browsers are told.</summary>
    public void Adjudicated(int projectId) => Notify(projectId, retrain: true);

    /// <summary>An import completed; the task queue finds its documents by itself (imports by other processes too).</summary>
    public void Imported(int projectId) => training?.Request(projectId);

    private void Notify(int projectId, bool retrain)
    {
        // A skip changes the statistics, not what the model learns from: no retrain, no new model version.
        if (retrain)
        {
            training?.Request(projectId);
        }

        answers.Publish(projectId, new AnnotationsChanged(projectId, time.GetUtcNow()));
    }
}
