using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.WeakSupervision;

namespace Tagloop.Core.Taxonomy;

/// <summary>
/// Changes a project's labels while people label: add, edit (name, key, colour, description), merge one label into
/// another (its answers say the other from now on), split one into several (its documents go to the front of the
/// queue to be labelled again) and delete (answers kept in history, out of every count). Each change commits in one
/// transaction, while no training runs, and is recorded as the project's next taxonomy version with who made it and
/// when; then the queue is read afresh and the model retrained (<see cref="ProjectChanges.TaxonomyChanged"/>).
/// A label taken away from answers is kept beside them (<see cref="RetiredAnnotationLabel"/>) with its name. Labelling
/// rules follow a merged label and are switched off, with a note, when theirs is split or deleted (<see cref="RuleFollowUp"/>).
/// </summary>
public sealed class TaxonomyEditor(TagloopDbContext db, TimeProvider time, ProjectChanges? changes = null)
{
    public async Task<Outcome<Label>> AddAsync(int projectId, string author, NewLabel request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ChangeAsync(projectId, async (project, labels, record) =>
        {
            if (labels.Count >= LabelRules.MaxLabels)
            {
                return Problem.Invalid("name", $"A project can have at most {LabelRules.MaxLabels} labels; this one has {labels.Count}.");
            }

            var problems = new List<Problem>();
            var label = LabelRules.Check(request, "label", 0, labels, LabelRules.PaletteColor(labels.Count), problems);
            if (label is null)
            {
                return Outcome<Label>.Failure(Unprefixed(problems));
            }

            label.ProjectId = projectId;
            label.Key ??= LabelRules.FreeKey(labels);
            label.Order = labels.Count == 0 ? 0 : labels.Max(l => l.Order) + 1;
            db.Labels.Add(label);
            await record("add", $"Added label '{label.Name}'{KeyText(label.Key)}.").ConfigureAwait(false);
            return label;
        }, author, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Outcome<Label>> EditAsync(int projectId, int labelId, string author, LabelUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return await ChangeAsync(projectId, async (project, labels, record) =>
        {
            var label = labels.FirstOrDefault(l => l.Id == labelId);
            if (label is null)
            {
                return NoLabel(projectId, labelId);
            }

            var others = labels.Where(l => l.Id != labelId).ToList();
            var problems = new List<Problem>();
            var said = new List<string>();
            var name = update.Name is null ? label.Name : LabelRules.NameOrProblem(update.Name, "label", 0, others, problems);
            var key = update.Key is null ? label.Key : LabelRules.KeyOrProblem(update.Key, name ?? label.Name, "label", others, problems);
            LabelRules.DescriptionProblem(update.Description, name ?? label.Name, "label", problems);
            var color = update.Color is null ? label.Color : LabelRules.ColorOrProblem(update.Color, name ?? label.Name, "label", problems);
            if (update.Color is not null && color is null && problems.Count == 0)
            {
                problems.Add(Problem.Invalid("label.color", "A label needs a colour: give one such as #1f77b4."));
            }

            if (problems.Count > 0)
            {
                return Outcome<Label>.Failure(Unprefixed(problems));
            }

            var was = label.Name;
            if (name != label.Name)
            {
                said.Add($"renamed '{label.Name}' to '{name}'");
                label.Name = name!;
            }

            if (key != label.Key)
            {
                said.Add($"key of '{label.Name}' {label.Key ?? "none"} → {key ?? "none"}");
                label.Key = key;
            }

            if (color is not null && !string.Equals(color, label.Color, StringComparison.OrdinalIgnoreCase))
            {
                said.Add($"colour of '{label.Name}' {label.Color} → {color}");
                label.Color = color;
            }

            if (update.Description is not null && update.Description.Trim() != label.Description)
            {
                said.Add($"description of '{label.Name}' edited");
                label.Description = update.Description.Trim();
            }

            if (said.Count > 0)
            {
                var summary = string.Join("; ", said);
                await record("edit", char.ToUpperInvariant(summary[0]) + summary[1..] + ".").ConfigureAwait(false);
            }

            return label;
        }, author, cancellationToken, changesAnswers: false).ConfigureAwait(false);
    }

    /// <summary>Merges a label into another: every answer that said it says the other (once), and it is gone.</summary>
    public async Task<Outcome<TaxonomyResult>> MergeAsync(int projectId, int labelId, int? intoId, string author, CancellationToken cancellationToken)
    {
        return await ChangeAsync<TaxonomyResult>(projectId, async (project, labels, record) =>
        {
            var label = labels.FirstOrDefault(l => l.Id == labelId);
            if (label is null)
            {
                return NoLabel(projectId, labelId);
            }

            if (intoId is null)
            {
                return Problem.Invalid("into", "Say which label to merge into: {\"into\": <label id>}.");
            }

            var into = labels.FirstOrDefault(l => l.Id == intoId);
            if (into is null)
            {
                return Problem.Invalid("into", $"Project {projectId} has no label {intoId}; its labels are {Listed(labels)}.");
            }

            if (into.Id == label.Id)
            {
                return Problem.Invalid("into", $"A label cannot be merged into itself ('{label.Name}').");
            }

            var answers = await CurrentAnswersWithAsync(projectId, labelId, cancellationToken).ConfigureAwait(false);
            var change = await record("merge", $"Merged '{label.Name}' into '{into.Name}': {Count(answers.Count, "answer now says", "answers now say")} '{into.Name}'.").ConfigureAwait(false);

            // Reviewers' final labels follow the merge as the answers do.
            await db.AdjudicationLabels.Where(al => al.LabelId == labelId && db.AdjudicationLabels.Any(o => o.DocumentId == al.DocumentId && o.LabelId == into.Id))
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await db.AdjudicationLabels.Where(al => al.LabelId == labelId)
                .ExecuteUpdateAsync(s => s.SetProperty(al => al.LabelId, into.Id), cancellationToken).ConfigureAwait(false);
            await RetireAsync(change, label, cancellationToken).ConfigureAwait(false);
            await RuleFollowUp.LabelMergedAsync(db, label, into, change, cancellationToken).ConfigureAwait(false);

            // Answers that said both keep one; the rest say the other label now. Spans follow too.
            await db.AnnotationLabels.Where(al => al.LabelId == labelId && db.AnnotationLabels.Any(o => o.AnnotationId == al.AnnotationId && o.LabelId == into.Id))
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await db.AnnotationLabels.Where(al => al.LabelId == labelId)
                .ExecuteUpdateAsync(s => s.SetProperty(al => al.LabelId, into.Id), cancellationToken).ConfigureAwait(false);
            await db.AnnotationSpans.Where(s => s.LabelId == labelId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LabelId, into.Id), cancellationToken).ConfigureAwait(false);
            db.Labels.Remove(label);
            return new TaxonomyResult(change.Version, [into], answers.Count, 0);
        }, author, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Splits a label into two or more new ones: the answers that said it are retired (kept as history) and their
    /// documents go to the front of the queue to be labelled again with the new labels.
    /// </summary>
    public async Task<Outcome<TaxonomyResult>> SplitAsync(int projectId, int labelId, IReadOnlyList<NewLabel>? into, string author, CancellationToken cancellationToken)
    {
        return await ChangeAsync<TaxonomyResult>(projectId, async (project, labels, record) =>
        {
            var label = labels.FirstOrDefault(l => l.Id == labelId);
            if (label is null)
            {
                return NoLabel(projectId, labelId);
            }

            if (into is null || into.Count < 2)
            {
                return Problem.Invalid("into", $"Split '{label.Name}' into two or more labels: {{\"into\": [{{\"name\": …}}, {{\"name\": …}}]}}; got {into?.Count ?? 0}.");
            }

            var others = labels.Where(l => l.Id != labelId).ToList();
            if (others.Count + into.Count > LabelRules.MaxLabels)
            {
                return Problem.Invalid("into", $"A project can have at most {LabelRules.MaxLabels} labels; the split would make {others.Count + into.Count}.");
            }

            var problems = new List<Problem>();
            var created = new List<Label>();
            for (var i = 0; i < into.Count; i++)
            {
                // The split label's key and name are free for the new ones.
                if (LabelRules.Check(into[i], $"into[{i}]", i + 1, [.. others, .. created], LabelRules.PaletteColor(labels.Count + i), problems) is { } made)
                {
                    created.Add(made);
                }
            }

            if (problems.Count > 0)
            {
                return Outcome<TaxonomyResult>.Failure(problems);
            }

            foreach (var made in created)
            {
                made.ProjectId = projectId;
                made.Key ??= LabelRules.FreeKey([.. others, .. created]);
            }

            // The new labels take the split one's place in the order.
            var order = labels.OrderBy(l => l.Order).ToList();
            var at = order.IndexOf(label);
            order.RemoveAt(at);
            order.InsertRange(at, created);
            for (var i = 0; i < order.Count; i++)
            {
                order[i].Order = i;
            }

            var names = string.Join(", ", created.Select(c => $"'{c.Name}'"));
            var answers = await CurrentAnswersWithAsync(projectId, labelId, cancellationToken).ConfigureAwait(false);
            var documents = answers.Select(a => a.DocumentId).Distinct().ToList();
            var change = await record("split", $"Split '{label.Name}' into {names}: {Count(documents.Count, "document")} back in the queue to be labelled again.").ConfigureAwait(false);
            await RetireAsync(change, label, cancellationToken).ConfigureAwait(false);
            await RetireAnswersAsync(change, labelId, cancellationToken).ConfigureAwait(false);
            await RuleFollowUp.LabelSplitAsync(db, label, created, change, cancellationToken).ConfigureAwait(false);
            await db.RelabelRequests.Where(r => documents.Contains(r.DocumentId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            var reason = $"It was labelled '{label.Name}', which was split into {names}: choose again.";
            db.RelabelRequests.AddRange(documents.Select(d => new RelabelRequest { DocumentId = d, ProjectId = projectId, ChangeId = change.Id, Reason = reason }));
            db.Labels.AddRange(created);
            db.Labels.Remove(label);
            return new TaxonomyResult(change.Version, created, answers.Count, documents.Count);
        }, author, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes a label. Answers keep it in their history but no count or model sees it any more; an answer left with no
    /// label (every single-label answer that said it) no longer stands, so its document is open again.
    /// </summary>
    public async Task<Outcome<TaxonomyResult>> DeleteAsync(int projectId, int labelId, string author, CancellationToken cancellationToken)
    {
        return await ChangeAsync<TaxonomyResult>(projectId, async (project, labels, record) =>
        {
            var label = labels.FirstOrDefault(l => l.Id == labelId);
            if (label is null)
            {
                return NoLabel(projectId, labelId);
            }

            if (labels.Count == 1)
            {
                return Problem.Conflict($"'{label.Name}' is the project's only label; add another before deleting it.");
            }

            // An answer left with no label no longer stands (a multi-label answer keeps its other labels).
            var answers = await CurrentAnswersWithAsync(projectId, labelId, cancellationToken).ConfigureAwait(false);
            var onlyThis = await CurrentAnswersWithAsync(projectId, labelId, cancellationToken, onlyLabel: true).ConfigureAwait(false);
            var reopened = onlyThis.Select(a => a.DocumentId).Distinct().Count();
            var kept = answers.Count - onlyThis.Count;
            var what = kept > 0
                ? $"{Count(answers.Count, "answer")} carried it ({Count(kept, "keeps", "keep")} other labels), {Count(reopened, "document")} open again"
                : $"{Count(answers.Count, "answer")} kept in history, {Count(reopened, "document")} open again";
            var change = await record("delete", $"Deleted label '{label.Name}': {what}.").ConfigureAwait(false);
            await RetireAsync(change, label, cancellationToken).ConfigureAwait(false);
            await RetireAnswersAsync(change, labelId, cancellationToken, onlyLabel: true).ConfigureAwait(false);
            await RuleFollowUp.LabelDeletedAsync(db, label, change, cancellationToken).ConfigureAwait(false);
            db.Labels.Remove(label);
            return new TaxonomyResult(change.Version, [], answers.Count, reopened);
        }, author, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The project's taxonomy changes, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<TaxonomyChange>>> HistoryAsync(int projectId, CancellationToken cancellationToken)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var history = await db.TaxonomyChanges.AsNoTracking().Where(c => c.ProjectId == projectId)
            .OrderByDescending(c => c.Version).ToListAsync(cancellationToken).ConfigureAwait(false);
        return history;
    }

    private delegate Task<TaxonomyChange> Recorder(string kind, string summary);

    /// <summary>
    /// Runs one change: loads the project and its labels (tracked), lets <paramref name="change"/> validate and apply
    /// it (recording the version through the recorder it is handed), and commits everything in one transaction, while
    /// no training runs. Nothing is written when the change returns problems.
    /// </summary>
    private async Task<Outcome<T>> ChangeAsync<T>(
        int projectId, Func<Project, List<Label>, Recorder, Task<Outcome<T>>> change, string author, CancellationToken cancellationToken, bool changesAnswers = true)
    {
        Outcome<T>? outcome = null;
        var recorded = false;
        async Task Run()
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                recorded = false;
                var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct).ConfigureAwait(false);
                    if (project is null)
                    {
                        outcome = Problem.NotFound($"There is no project {projectId}.");
                        return;
                    }

                    if (project.Task != ProjectTask.Classification)
                    {
                        outcome = Problem.Conflict("Labels of span-tagging projects cannot be changed yet.");
                        return;
                    }

                    var labels = await db.Labels.Where(l => l.ProjectId == projectId).OrderBy(l => l.Order).ToListAsync(ct).ConfigureAwait(false);
                    async Task<TaxonomyChange> Record(string kind, string summary)
                    {
                        var version = await db.TaxonomyChanges.Where(c => c.ProjectId == projectId).MaxAsync(c => (int?)c.Version, ct).ConfigureAwait(false) ?? 0;
                        var entry = new TaxonomyChange
                        {
                            ProjectId = projectId,
                            Version = version + 1,
                            Author = author,
                            At = time.GetUtcNow(),
                            Kind = kind,
                            Summary = summary.Length <= 4000 ? summary : summary[..3999] + "…",
                        };
                        db.TaxonomyChanges.Add(entry);
                        await db.SaveChangesAsync(ct).ConfigureAwait(false);
                        recorded = true;
                        return entry;
                    }

                    outcome = await change(project, labels, Record).ConfigureAwait(false);
                    if (!outcome.Succeeded)
                    {
                        await transaction.RollbackAsync(ct).ConfigureAwait(false);
                        recorded = false;
                        return;
                    }

                    await db.SaveChangesAsync(ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        if (changes is null)
        {
            await Run().ConfigureAwait(false);
        }
        else
        {
            await changes.WhileIdleAsync(_ => Run(), cancellationToken).ConfigureAwait(false);
        }

        db.ChangeTracker.Clear();
        if (recorded && changes is not null)
        {
            if (changesAnswers)
            {
                changes.TaxonomyChanged(projectId);
            }
            else
            {
                // A new name or key: the model's classes are named anew, the queue is as it was.
                changes.LabelsRenamed(projectId);
            }
        }

        return outcome!;
    }

    /// <summary>The current answers (human or imported) that carry the label: (annotation, document).</summary>
    private async Task<List<(long Id, long DocumentId)>> CurrentAnswersWithAsync(int projectId, int labelId, CancellationToken cancellationToken, bool onlyLabel = false)
    {
        var rows = await db.Annotations.IgnoreQueryFilters()
            .Where(a => a.ProjectId == projectId && a.IsCurrent && a.Kind == AnnotationKind.Answer && a.Labels.Any(l => l.LabelId == labelId)
                && (!onlyLabel || a.Labels.All(l => l.LabelId == labelId)))
            .Select(a => new { a.Id, a.DocumentId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => (r.Id, r.DocumentId))];
    }

    /// <summary>Keeps every answer's use of the label (current or not, spans too) as history, under the change.</summary>
    private async Task RetireAsync(TaxonomyChange change, Label label, CancellationToken cancellationToken)
    {
        // A reviewer's final label that named it no longer stands: the document goes back to review.
        var labelId = label.Id;
        await db.Adjudications.Where(a => a.Labels.Any(l => l.LabelId == labelId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);

        var uses = await db.AnnotationLabels.Where(al => al.LabelId == label.Id).Select(al => al.AnnotationId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var spans = await db.AnnotationSpans.Where(s => s.LabelId == label.Id).Select(s => new { s.AnnotationId, s.Start, s.End })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        db.RetiredAnnotationLabels.AddRange(uses.Select(a => new RetiredAnnotationLabel { AnnotationId = a, ChangeId = change.Id, LabelId = label.Id, LabelName = label.Name }));
        db.RetiredAnnotationLabels.AddRange(spans.Select(s => new RetiredAnnotationLabel
        {
            AnnotationId = s.AnnotationId,
            ChangeId = change.Id,
            LabelId = label.Id,
            LabelName = label.Name,
            Start = s.Start,
            End = s.End,
        }));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every answer that carried the label (or, with <paramref name="onlyLabel"/>, carried it alone), current or not,
    /// stops standing: retired by the change, no longer current, and never made current again by an undo.
    /// </summary>
    private async Task RetireAnswersAsync(TaxonomyChange change, int labelId, CancellationToken cancellationToken, bool onlyLabel = false)
    {
        await db.Annotations.IgnoreQueryFilters()
            .Where(a => a.ProjectId == change.ProjectId && a.RetiredByChangeId == null && a.Labels.Any(l => l.LabelId == labelId)
                && (!onlyLabel || a.Labels.All(l => l.LabelId == labelId)))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.IsCurrent, false).SetProperty(a => a.RetiredByChangeId, change.Id), cancellationToken)
            .ConfigureAwait(false);
    }

    private static Problem NoLabel(int projectId, int labelId) => Problem.NotFound($"Project {projectId} has no label {labelId}.");

    private static string Listed(List<Label> labels) => string.Join(", ", labels.Select(l => $"{l.Id} ({l.Name})"));

    private static string KeyText(string? key) => key is null ? "" : $" (key {key})";

    private static string Count(int n, string noun) => Count(n, noun, noun + "s");

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n:N0} {many}";

    /// <summary>Problems of one label named as the request's own fields ("name", not "label.name").</summary>
    private static List<Problem> Unprefixed(List<Problem> problems) =>
        [.. problems.Select(p => p.Field is { } field && field.StartsWith("label.", StringComparison.Ordinal) ? p with { Field = field["label.".Length..] } : p)];
}

/// <summary>A taxonomy change's outcome: the version it made, the labels it made or kept, answers it touched, documents back in the queue.</summary>
public sealed record TaxonomyResult(int Version, IReadOnlyList<Label> Labels, int Answers, int DocumentsRequeued);

/// <summary>A change to one label; fields left null stay as they are (an empty key removes the key).</summary>
public sealed record LabelUpdate(string? Name = null, string? Key = null, string? Color = null, string? Description = null);
