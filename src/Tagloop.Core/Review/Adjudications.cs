using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;

namespace Tagloop.Core.Review;

/// <summary>Setting and withdrawing a reviewer's final label for a document.</summary>
public static class Adjudications
{
    public static async Task<Outcome<Adjudication>> SetAsync(
        TagloopDbContext db, int projectId, long documentId, IReadOnlyList<string>? labels, string? note, string reviewer, TimeProvider time, ProjectChanges? changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        if (!await db.Documents.AnyAsync(d => d.Id == documentId && d.ProjectId == projectId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.NotFound($"Project {projectId} has no document {documentId}.");
        }

        var chosen = new List<Label>();
        foreach (var name in labels ?? [])
        {
            var label = project.Labels.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));
            if (label is null)
            {
                return Problem.Invalid("labels", $"Unknown label '{UnicodeText.Quote(name ?? "", 60)}'; this project's labels are {string.Join(", ", project.Labels.OrderBy(l => l.Order).Select(l => l.Name))}.");
            }

            if (!chosen.Contains(label))
            {
                chosen.Add(label);
            }
        }

        if (chosen.Count == 0)
        {
            return Problem.Invalid("labels", "A final label names at least one label.");
        }

        if (!project.MultiLabel && chosen.Count > 1)
        {
            return Problem.Invalid("labels", $"This project takes one label per document; got {chosen.Count}.");
        }

        if (note is { Length: > 2000 })
        {
            return Problem.Invalid("note", $"The note has {note.Length} characters; at most 2000 are kept.");
        }

        var existing = await db.Adjudications.Include(a => a.Labels).FirstOrDefaultAsync(a => a.DocumentId == documentId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            db.Adjudications.Remove(existing);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        var adjudication = new Adjudication
        {
            DocumentId = documentId,
            ProjectId = projectId,
            DecidedBy = reviewer,
            DecidedAt = time.GetUtcNow(),
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            Labels = [.. chosen.Select(l => new AdjudicationLabel { DocumentId = documentId, LabelId = l.Id })],
        };
        db.Adjudications.Add(adjudication);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        changes?.Adjudicated(projectId);
        return adjudication;
    }

    public static async Task<Outcome<bool>> WithdrawAsync(TagloopDbContext db, int projectId, long documentId, ProjectChanges? changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var removed = await db.Adjudications.Where(a => a.DocumentId == documentId && a.ProjectId == projectId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (removed == 0)
        {
            return Problem.NotFound($"Document {documentId} of project {projectId} has no final label to withdraw.");
        }

        changes?.Adjudicated(projectId);
        return true;
    }
}
