using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;

namespace Tagloop.Core.Annotations;

/// <summary>
/// Records one answer by an author on each of many documents of a classification project, in one transaction: the
/// author's current answer on each is replaced (flags and notes carried over), other people's answers stay. Every
/// document must belong to the project and every label exist, or nothing is written. A document whose author's
/// current answer already has exactly these labels is left as it is.
/// </summary>
public sealed class BulkAnswers(TagloopDbContext db, TimeProvider time, ProjectChanges? changes = null)
{
    public const int MaxDocuments = 5_000;

    public async Task<Outcome<BulkAnswerResult>> RecordAsync(int projectId, string author, BulkAnswer request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        if (project.Task != ProjectTask.Classification)
        {
            return Problem.Invalid("documentIds", "Labelling many documents at once is for classification projects; entities are marked in the text, one document at a time.");
        }

        var ids = request.DocumentIds ?? [];
        if (ids.Count is 0 or > MaxDocuments)
        {
            return Problem.Invalid("documentIds", $"Give between 1 and {MaxDocuments:N0} documents; got {ids.Count:N0}.");
        }

        var names = request.Labels ?? [];
        if (names.Count == 0)
        {
            return Problem.Invalid("labels", "Choose the label to give these documents.");
        }

        if (!project.MultiLabel && names.Count > 1)
        {
            return Problem.Invalid("labels", $"This project takes one label per document; got {names.Count}: {UnicodeText.Quote(string.Join(", ", names), 200)}.");
        }

        var labelIds = new SortedSet<int>();
        foreach (var name in names)
        {
            if (AnnotationRecorder.Find(project, name) is not { } label)
            {
                return Problem.Invalid("labels", AnnotationRecorder.UnknownLabel(project, name));
            }

            labelIds.Add(label.Id);
        }

        var wanted = ids.Distinct().ToList();
        var found = await db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && wanted.Contains(d.Id)).Select(d => d.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (found.Count < wanted.Count)
        {
            var missing = wanted.Except(found).Take(5).ToList();
            return Problem.Invalid("documentIds", $"Project {projectId} has no document {string.Join(", ", missing)}{(wanted.Count - found.Count > missing.Count ? " (and others)" : "")}; nothing was saved.");
        }

        var previous = (await db.Annotations.AsNoTracking().Include(a => a.Labels)
            .Where(a => a.ProjectId == projectId && a.Author == author && a.IsCurrent && wanted.Contains(a.DocumentId))
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.DocumentId);
        var now = time.GetUtcNow();
        var fresh = new List<Annotation>();
        foreach (var id in wanted)
        {
            var before = previous.GetValueOrDefault(id);
            if (before is { Kind: AnnotationKind.Answer } && before.Labels.Select(l => l.LabelId).Order().SequenceEqual(labelIds))
            {
                continue;
            }

            fresh.Add(new Annotation
            {
                ProjectId = projectId,
                DocumentId = id,
                Author = author,
                Kind = AnnotationKind.Answer,
                Source = AnnotationSources.Human,
                CreatedAt = now,
                Flagged = before?.Flagged ?? false,
                FlagNote = before?.FlagNote,
                IsCurrent = true,
                Labels = [.. labelIds.Select(l => new AnnotationLabel { LabelId = l })],
            });
        }

        if (fresh.Count > 0)
        {
            var replaced = fresh.Select(a => a.DocumentId).Where(previous.ContainsKey).ToList();
            var strategy = db.Database.CreateExecutionStrategy();
            try
            {
                await strategy.ExecuteAsync(async ct =>
                {
                    var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        foreach (var chunk in replaced.Chunk(500))
                        {
                            await db.Annotations.Where(a => a.ProjectId == projectId && a.Author == author && a.IsCurrent && chunk.Contains(a.DocumentId))
                                .ExecuteUpdateAsync(s => s.SetProperty(a => a.IsCurrent, false), ct).ConfigureAwait(false);
                        }

                        db.Annotations.AddRange(fresh);
                        await db.SaveChangesAsync(ct).ConfigureAwait(false);
                        await transaction.CommitAsync(ct).ConfigureAwait(false);
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return Problem.Conflict("The labels or some of the documents changed while you answered (someone edited the labels or deleted documents); nothing was saved. Reload and try again.");
            }

            if (changes is not null)
            {
                await changes.AnsweredManyAsync(projectId, author, [.. fresh.Select(a => a.DocumentId)], cancellationToken).ConfigureAwait(false);
            }
        }

        return new BulkAnswerResult(fresh.Count, wanted.Count - fresh.Count);
    }
}
