using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;

namespace Tagloop.Core.Annotations;

/// <summary>
/// Records and undoes answers. Each call commits before it returns, so an acknowledged answer survives
/// a crash of the server; then <see cref="ProjectChanges"/> does what follows a commit.
/// </summary>
public sealed class AnnotationRecorder(TagloopDbContext db, TimeProvider time, ProjectChanges? changes = null)
{
    public const int MaxFlagNoteLength = 2000;

    public const int MaxSpans = 10_000;

    public async Task<Outcome<Annotation>> RecordAsync(int projectId, string author, NewAnnotation request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels)
            .FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var spanTask = project.Task == ProjectTask.SpanTagging && !request.Skip;
        var document = await db.Documents.AsNoTracking()
            .Where(d => d.Id == request.DocumentId && d.ProjectId == projectId)
            .Select(d => new { d.Id, d.Text.Length, Text = spanTask ? d.Text : null })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return Problem.NotFound($"Project {projectId} has no document {request.DocumentId}.");
        }

        if (request.Labels is { Count: > LabelRules.MaxLabels })
        {
            return Problem.Invalid("labels", $"An answer can carry at most {LabelRules.MaxLabels} labels; got {request.Labels.Count}.");
        }

        if (request.Spans is { Count: > MaxSpans })
        {
            return Problem.Invalid("spans", $"An answer can carry at most {MaxSpans:N0} spans; got {request.Spans.Count:N0}.");
        }

        var problems = new List<Problem>();
        if (!spanTask && (request.Region is not null || request.Accept is not null))
        {
            problems.Add(Problem.Invalid(request.Region is not null ? "region" : "accept", project.Task == ProjectTask.SpanTagging
                ? "A skip carries no region or accept."
                : "region and accept belong to span-tagging answers; this project classifies documents."));
        }

        var labelIds = spanTask ? [] : ResolveLabels(project, request, problems);
        SpanAnswer.Result? spanAnswer = null;
        if (spanTask)
        {
            // The author's current answer on the document: a region or a judged span is merged into it.
            var previous = await db.Annotations.AsNoTracking().Include(a => a.Spans)
                .Where(a => a.ProjectId == projectId && a.DocumentId == request.DocumentId && a.Author == author && a.IsCurrent)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            spanAnswer = SpanAnswer.Build(project, document.Text!, request, previous, name => Find(project, name), name => UnknownLabel(project, name), problems);
        }

        var spans = spanAnswer?.Spans ?? ResolveSpans(project, request, document.Length, problems);
        string? keptRegions = null;
        if (request.Skip && project.Task == ProjectTask.SpanTagging)
        {
            // Passing on the rest of a document keeps what the author already answered in it: the sentences and judged
            // spans stay with the skip (and keep teaching the tagger), and the document comes back to them last.
            var previous = await db.Annotations.AsNoTracking().Include(a => a.Spans)
                .Where(a => a.ProjectId == projectId && a.DocumentId == request.DocumentId && a.Author == author && a.IsCurrent && a.Regions != null)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (previous is not null)
            {
                spans = [.. previous.Spans.Select(s => new AnnotationSpan { Start = s.Start, End = s.End, LabelId = s.LabelId, Rejected = s.Rejected })];
                keptRegions = previous.Regions;
            }
        }
        if (request.SecondsSpent is { } seconds && (double.IsNaN(seconds) || seconds < 0 || seconds > 86_400))
        {
            problems.Add(Problem.Invalid("secondsSpent", $"secondsSpent must be between 0 and 86400; got {seconds}."));
        }

        if (request.FlagNote is { Length: > MaxFlagNoteLength })
        {
            problems.Add(Problem.Invalid("flagNote", $"A flag note can be at most {MaxFlagNoteLength} characters."));
        }

        if (problems.Count > 0)
        {
            return Outcome<Annotation>.Failure(problems);
        }

        // The author's answer this one replaces: a relabel keeps its flag and note unless the request says otherwise,
        // and replacing a skip with a skip changes nothing the model learns from.
        var replaced = await db.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.DocumentId == request.DocumentId && a.Author == author && a.IsCurrent)
            .Select(a => new { a.Kind, a.Flagged, a.FlagNote })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var note = string.IsNullOrWhiteSpace(request.FlagNote) ? null : request.FlagNote.Trim();
        var flagged = request.Flag ?? (note is not null || replaced?.Flagged == true);
        if (request.Flag is null && note is null && flagged)
        {
            note = replaced?.FlagNote;
        }

        var annotation = new Annotation
        {
            ProjectId = projectId,
            DocumentId = request.DocumentId,
            Author = author,
            Kind = request.Skip ? AnnotationKind.Skip : spanAnswer?.Kind ?? AnnotationKind.Answer,
            Regions = spanAnswer?.Regions ?? keptRegions,
            Source = AnnotationSources.Human,
            CreatedAt = time.GetUtcNow(),
            SecondsSpent = request.SecondsSpent,
            Flagged = flagged || note is not null,
            FlagNote = flagged || note is not null ? note : null,
            IsCurrent = true,
            Labels = [.. labelIds.Select(id => new AnnotationLabel { LabelId = id })],
            Spans = spans,
        };

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async ct =>
            {
                var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await db.Annotations
                        .Where(a => a.ProjectId == projectId && a.DocumentId == request.DocumentId && a.Author == author && a.IsCurrent)
                        .ExecuteUpdateAsync(s => s.SetProperty(a => a.IsCurrent, false), ct).ConfigureAwait(false);
                    db.Annotations.Add(annotation);
                    await db.SaveChangesAsync(ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // A label was merged, split or deleted, or the document deleted, between the check above and the write.
            db.ChangeTracker.Clear();
            if (!await LabelsOrDocumentGoneAsync(projectId, request.DocumentId, labelIds, spans).ConfigureAwait(false))
            {
                throw;
            }

            return Problem.Conflict("The labels or the document changed while you answered (someone edited the labels or deleted the document); nothing was saved. Reload and answer again.");
        }
        if (changes is not null)
        {
            // A skip leaves the labels the model learns from as they were, unless it replaced an answer.
            var labelsChanged = annotation.Kind != AnnotationKind.Skip || (replaced is not null && replaced.Kind != AnnotationKind.Skip);
            await changes.AnsweredAsync(db, annotation, labelsChanged, cancellationToken).ConfigureAwait(false);
        }

        return annotation;
    }

    /// <summary>Deletes an answer; the author's previous answer on the same document, if any, becomes current again.</summary>
    /// <summary>
    /// Undoes an answer. With <paramref name="onlyAuthor"/> set (an annotator, not a reviewer), only that person's own
    /// answers may be undone.
    /// </summary>
    public async Task<Outcome<Annotation>> UndoAsync(int projectId, long annotationId, string? onlyAuthor, CancellationToken cancellationToken)
    {
        var annotation = await db.Annotations
            .FirstOrDefaultAsync(a => a.Id == annotationId && a.ProjectId == projectId, cancellationToken).ConfigureAwait(false);
        if (annotation is null)
        {
            return Problem.NotFound($"Project {projectId} has no annotation {annotationId}.");
        }

        if (onlyAuthor is not null && !string.Equals(annotation.Author, onlyAuthor, StringComparison.Ordinal))
        {
            return Problem.Forbidden($"Annotation {annotationId} is {annotation.Author}'s; an annotator undoes only their own answers (a reviewer or owner may undo anyone's).");
        }

        AnnotationKind? restored = null;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                restored = null;
                if (annotation.IsCurrent)
                {
                    var previous = await db.Annotations
                        .Where(a => a.ProjectId == projectId && a.DocumentId == annotation.DocumentId && a.Author == annotation.Author && a.Id != annotation.Id
                            && a.RetiredByChangeId == null)
                        .OrderByDescending(a => a.Id)
                        .FirstOrDefaultAsync(ct).ConfigureAwait(false);
                    if (previous is not null)
                    {
                        previous.IsCurrent = true;
                        restored = previous.Kind;
                    }
                }

                db.Annotations.Remove(annotation);
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (changes is not null)
        {
            var labelsChanged = annotation.IsCurrent && (annotation.Kind != AnnotationKind.Skip || restored is AnnotationKind.Answer or AnnotationKind.Partial);
            await changes.UndoneAsync(db, annotation, labelsChanged, cancellationToken).ConfigureAwait(false);
        }

        return annotation;
    }

    private async Task<bool> LabelsOrDocumentGoneAsync(int projectId, long documentId, List<int> labelIds, List<AnnotationSpan> spans)
    {
        var wanted = labelIds.Concat(spans.Select(s => s.LabelId)).Distinct().ToList();
        var present = await db.Labels.CountAsync(l => l.ProjectId == projectId && wanted.Contains(l.Id)).ConfigureAwait(false);
        return present < wanted.Count || !await db.Documents.AnyAsync(d => d.Id == documentId && d.ProjectId == projectId).ConfigureAwait(false);
    }

    private static List<int> ResolveLabels(Project project, NewAnnotation request, List<Problem> problems)
    {
        var names = request.Labels ?? [];
        var ids = new List<int>(names.Count);
        if (request.Skip)
        {
            if (names.Count > 0 || request.Spans is { Count: > 0 })
            {
                problems.Add(Problem.Invalid("labels", "A skip carries no labels or spans."));
            }

            return ids;
        }

        if (project.Task == ProjectTask.Classification)
        {
            if (names.Count == 0)
            {
                problems.Add(Problem.Invalid("labels", "Choose a label, or skip the document."));
            }
            else if (!project.MultiLabel && names.Count > 1)
            {
                problems.Add(Problem.Invalid("labels", $"This project takes one label per document; got {names.Count}: {UnicodeText.Quote(string.Join(", ", names), 200)}."));
            }
        }

        foreach (var name in names)
        {
            var label = Find(project, name);
            if (label is null)
            {
                problems.Add(Problem.Invalid("labels", UnknownLabel(project, name)));
            }
            else if (!ids.Contains(label.Id))
            {
                ids.Add(label.Id);
            }
        }

        return ids;
    }

    private static List<AnnotationSpan> ResolveSpans(Project project, NewAnnotation request, int textLength, List<Problem> problems)
    {
        var spans = new List<AnnotationSpan>();
        if (request.Spans is null)
        {
            return spans;
        }

        for (var i = 0; i < request.Spans.Count; i++)
        {
            var span = request.Spans[i];
            var label = Find(project, span.Label);
            if (label is null)
            {
                problems.Add(Problem.Invalid($"spans[{i}].label", UnknownLabel(project, span.Label)));
            }
            else if (span.Start < 0 || span.End <= span.Start || span.End > textLength)
            {
                problems.Add(Problem.Invalid($"spans[{i}]", $"Span [{span.Start}, {span.End}) is not inside the document (length {textLength})."));
            }
            else
            {
                spans.Add(new AnnotationSpan { Start = span.Start, End = span.End, LabelId = label.Id });
            }
        }

        return spans;
    }

    internal static Label? Find(Project project, string? name) =>
        project.Labels.FirstOrDefault(l => string.Equals(l.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    internal static string UnknownLabel(Project project, string? name) =>
        $"Unknown label '{UnicodeText.Quote(name)}'; this project's labels are {string.Join(", ", project.Labels.OrderBy(l => l.Order).Select(l => l.Name))}.";
}
