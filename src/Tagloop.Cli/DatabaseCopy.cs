using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Documents;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Training;

namespace Tagloop.Cli;

/// <summary>
/// Copies projects, row for row, from one Tagloop database into another, whatever their providers, in one transaction
/// on the target. A table's ids are kept when none of them is taken in the target (so a copy into an empty database is
/// the same database), otherwise the target numbers the rows and every reference to them follows. Every row is read
/// past the query filters, so an import under way or abandoned is copied as it stands.
/// </summary>
internal sealed class DatabaseCopy(TagloopDbContext source, TagloopDbContext target)
{
    private const int Chunk = 2000;

    /// <summary>Copies the project named <paramref name="projectName"/>, or every project when null; a refusal says why and copies nothing.</summary>
    public async Task<Outcome<CopyTally>> CopyAsync(string? projectName, CancellationToken cancellationToken)
    {
        var projects = await source.Projects.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (projectName is not null)
        {
            var named = projects.FirstOrDefault(p => p.Name == projectName)
                ?? projects.FirstOrDefault(p => string.Equals(p.Name, projectName, StringComparison.OrdinalIgnoreCase));
            if (named is null)
            {
                return Problem.NotFound($"The source has no project named '{projectName}'; it has {(projects.Count == 0 ? "none" : string.Join(", ", projects.Select(p => $"'{p.Name}'")))}.");
            }

            projects = [named];
        }

        var names = projects.Select(p => p.Name).ToList();
        var existing = await target.Projects.AsNoTracking().Where(p => names.Contains(p.Name)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var emptyInTarget = new List<int>();
        foreach (var other in existing)
        {
            var documents = await target.Documents.IgnoreQueryFilters().CountAsync(d => d.ProjectId == other.Id, cancellationToken).ConfigureAwait(false);
            var rows = documents
                + await target.Annotations.IgnoreQueryFilters().CountAsync(a => a.ProjectId == other.Id, cancellationToken).ConfigureAwait(false)
                + await target.TaxonomyChanges.CountAsync(c => c.ProjectId == other.Id, cancellationToken).ConfigureAwait(false)
                + await target.TrainingRuns.CountAsync(r => r.ProjectId == other.Id, cancellationToken).ConfigureAwait(false)
                + await target.ImportRuns.CountAsync(r => r.ProjectId == other.Id, cancellationToken).ConfigureAwait(false)
                + await target.LabellingRules.CountAsync(r => r.ProjectId == other.Id, cancellationToken).ConfigureAwait(false);
            if (rows > 0)
            {
                return Problem.Conflict(
                    $"The target already has a project named '{other.Name}' with {documents} documents and other rows; nothing was copied. "
                    + "Copy into another database, or delete or rename that project there first (tagloop projects delete/rename with --database).");
            }

            emptyInTarget.Add(other.Id);
        }

        var projectIds = projects.Select(p => p.Id).ToList();
        var tally = new CopyTally();
        var strategy = target.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            var transaction = await target.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // A project of the same name that holds nothing but its labels gives way to the copy.
                await target.Projects.Where(p => emptyInTarget.Contains(p.Id)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
                tally = await CopyRowsAsync(projects, projectIds, ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return tally;
    }

    private async Task<CopyTally> CopyRowsAsync(List<Project> projects, List<int> projectIds, CancellationToken ct)
    {
        var tally = new CopyTally { Projects = projects.Count };
        var projectMap = new IdMap(await KeepAsync(target.Projects, projects.Select(p => (long)p.Id), ct).ConfigureAwait(false));
        await AddAsync(projects, p => p.Id, (p, id) => p.Id = (int)id, projectMap, p => p.Labels = [], ct).ConfigureAwait(false);

        var labels = await source.Labels.AsNoTracking().Where(l => projectIds.Contains(l.ProjectId)).OrderBy(l => l.Id).ToListAsync(ct).ConfigureAwait(false);
        var labelMap = new IdMap(await KeepAsync(target.Labels, labels.Select(l => (long)l.Id), ct).ConfigureAwait(false));
        await AddAsync(labels, l => l.Id, (l, id) => l.Id = (int)id, labelMap, l => l.ProjectId = (int)projectMap[l.ProjectId], ct).ConfigureAwait(false);
        tally.Labels = labels.Count;

        var imports = await source.ImportRuns.AsNoTracking().Where(r => projectIds.Contains(r.ProjectId)).OrderBy(r => r.Id).ToListAsync(ct).ConfigureAwait(false);
        var importMap = new IdMap(await KeepAsync(target.ImportRuns, imports.Select(r => r.Id), ct).ConfigureAwait(false));
        await AddAsync(imports, r => r.Id, (r, id) => r.Id = id, importMap, r => r.ProjectId = (int)projectMap[r.ProjectId], ct).ConfigureAwait(false);
        tally.Imports = imports.Count;

        var changes = await source.TaxonomyChanges.AsNoTracking().Where(c => projectIds.Contains(c.ProjectId)).OrderBy(c => c.Id).ToListAsync(ct).ConfigureAwait(false);
        var changeMap = new IdMap(await KeepAsync(target.TaxonomyChanges, changes.Select(c => c.Id), ct).ConfigureAwait(false));
        await AddAsync(changes, c => c.Id, (c, id) => c.Id = id, changeMap, c => c.ProjectId = (int)projectMap[c.ProjectId], ct).ConfigureAwait(false);
        tally.TaxonomyChanges = changes.Count;

        var documents = source.Documents.IgnoreQueryFilters().AsNoTracking().Where(d => projectIds.Contains(d.ProjectId));
        var documentMap = new IdMap(await KeepRangeAsync(documents.Select(d => d.Id), target.Documents.IgnoreQueryFilters().Select(d => d.Id), ct).ConfigureAwait(false));
        tally.Documents = await PagedAsync(documents, d => d.Id, d => d.Id, (d, id) => d.Id = id, documentMap, d =>
        {
            d.ProjectId = (int)projectMap[d.ProjectId];
            d.ImportRunId = importMap.Of(d.ImportRunId);
        }, ct).ConfigureAwait(false);

        var annotations = source.Annotations.IgnoreQueryFilters().AsNoTracking().Where(a => projectIds.Contains(a.ProjectId));
        var annotationMap = new IdMap(await KeepRangeAsync(annotations.Select(a => a.Id), target.Annotations.IgnoreQueryFilters().Select(a => a.Id), ct).ConfigureAwait(false));
        tally.Annotations = await PagedAsync(annotations, a => a.Id, a => a.Id, (a, id) => a.Id = id, annotationMap, a =>
        {
            a.Labels = [];
            a.Spans = [];
            a.ProjectId = (int)projectMap[a.ProjectId];
            a.DocumentId = documentMap[a.DocumentId];
            a.ImportRunId = importMap.Of(a.ImportRunId);
            a.RetiredByChangeId = changeMap.Of(a.RetiredByChangeId);
        }, ct).ConfigureAwait(false);

        // Rows of the answers' own: their labels (no id of their own), spans and retired labels.
        var answerLabels = source.AnnotationLabels.AsNoTracking().Where(al => source.Annotations.IgnoreQueryFilters().Any(a => a.Id == al.AnnotationId && projectIds.Contains(a.ProjectId)));
        tally.AnswerLabels = await PagedAsync(answerLabels.OrderBy(al => al.AnnotationId).ThenBy(al => al.LabelId), ct, al =>
        {
            al.AnnotationId = annotationMap[al.AnnotationId];
            al.LabelId = (int)labelMap[al.LabelId];
        }).ConfigureAwait(false);

        var spans = source.AnnotationSpans.AsNoTracking().Where(s => source.Annotations.IgnoreQueryFilters().Any(a => a.Id == s.AnnotationId && projectIds.Contains(a.ProjectId)));
        var spanMap = new IdMap(await KeepRangeAsync(spans.Select(s => s.Id), target.AnnotationSpans.Select(s => s.Id), ct).ConfigureAwait(false));
        tally.Spans = await PagedAsync(spans, s => s.Id, s => s.Id, (s, id) => s.Id = id, spanMap, s =>
        {
            s.AnnotationId = annotationMap[s.AnnotationId];
            s.LabelId = (int)labelMap[s.LabelId];
        }, ct).ConfigureAwait(false);

        var retired = source.RetiredAnnotationLabels.AsNoTracking().Where(r => source.Annotations.IgnoreQueryFilters().Any(a => a.Id == r.AnnotationId && projectIds.Contains(a.ProjectId)));
        var retiredMap = new IdMap(await KeepRangeAsync(retired.Select(r => r.Id), target.RetiredAnnotationLabels.Select(r => r.Id), ct).ConfigureAwait(false));
        tally.RetiredLabels = await PagedAsync(retired, r => r.Id, r => r.Id, (r, id) => r.Id = id, retiredMap, r =>
        {
            r.AnnotationId = annotationMap[r.AnnotationId];
            r.ChangeId = changeMap[r.ChangeId];

            // The label may since have been deleted: its id is then a record of what it was, kept as it is when not copied.
            r.LabelId = labelMap.TryGet(r.LabelId, out var label) ? (int)label : r.LabelId;
        }, ct).ConfigureAwait(false);

        var relabels = source.RelabelRequests.AsNoTracking().Where(r => projectIds.Contains(r.ProjectId));
        tally.RelabelRequests = await PagedAsync(relabels.OrderBy(r => r.DocumentId), ct, r =>
        {
            r.DocumentId = documentMap[r.DocumentId];
            r.ProjectId = (int)projectMap[r.ProjectId];
            r.ChangeId = changeMap[r.ChangeId];
        }).ConfigureAwait(false);

        var runs = source.TrainingRuns.AsNoTracking().Where(r => projectIds.Contains(r.ProjectId));
        var runMap = new IdMap(await KeepRangeAsync(runs.Select(r => r.Id), target.TrainingRuns.Select(r => r.Id), ct).ConfigureAwait(false));
        tally.TrainingRuns = await PagedAsync(runs, r => r.Id, r => r.Id, (r, id) => r.Id = id, runMap, r => r.ProjectId = (int)projectMap[r.ProjectId], ct).ConfigureAwait(false);

        var adjudications = source.Adjudications.AsNoTracking().Where(a => projectIds.Contains(a.ProjectId));
        tally.FinalLabels = await PagedAsync(adjudications.OrderBy(a => a.DocumentId), ct, a =>
        {
            a.Labels = [];
            a.DocumentId = documentMap[a.DocumentId];
            a.ProjectId = (int)projectMap[a.ProjectId];
        }).ConfigureAwait(false);
        var adjudicationLabels = source.AdjudicationLabels.AsNoTracking().Where(l => source.Adjudications.Any(a => a.DocumentId == l.DocumentId && projectIds.Contains(a.ProjectId)));
        await PagedAsync(adjudicationLabels.OrderBy(l => l.DocumentId).ThenBy(l => l.LabelId), ct, l =>
        {
            l.DocumentId = documentMap[l.DocumentId];
            l.LabelId = (int)labelMap[l.LabelId];
        }).ConfigureAwait(false);

        var comments = source.Comments.AsNoTracking().Where(c => projectIds.Contains(c.ProjectId));
        var commentMap = new IdMap(await KeepRangeAsync(comments.Select(c => c.Id), target.Comments.Select(c => c.Id), ct).ConfigureAwait(false));
        tally.Comments = await PagedAsync(comments, c => c.Id, c => c.Id, (c, id) => c.Id = id, commentMap, c =>
        {
            c.ProjectId = (int)projectMap[c.ProjectId];
            c.DocumentId = documentMap[c.DocumentId];
        }, ct).ConfigureAwait(false);

        // Assignments name documents (by hand) and people (by name, so they need no user row).
        var assignments = await source.Assignments.AsNoTracking().Where(a => projectIds.Contains(a.ProjectId)).OrderBy(a => a.Id).ToListAsync(ct).ConfigureAwait(false);
        var assignmentMap = new IdMap(await KeepAsync(target.Assignments, assignments.Select(a => (long)a.Id), ct).ConfigureAwait(false));
        await AddAsync(assignments, a => a.Id, (a, id) => a.Id = (int)id, assignmentMap, a =>
        {
            a.Documents = [];
            a.ProjectId = (int)projectMap[a.ProjectId];
        }, ct).ConfigureAwait(false);
        tally.Assignments = assignments.Count;
        var assigned = source.AssignedDocuments.AsNoTracking().Where(d => source.Assignments.Any(a => a.Id == d.AssignmentId && projectIds.Contains(a.ProjectId)));
        await PagedAsync(assigned.OrderBy(d => d.AssignmentId).ThenBy(d => d.DocumentId), ct, d =>
        {
            d.AssignmentId = (int)assignmentMap[d.AssignmentId];
            d.DocumentId = documentMap[d.DocumentId];
        }).ConfigureAwait(false);

        // Rules name their label and, for a similar rule, documents by id (kept as they were where the document is gone).
        var rules = await source.LabellingRules.AsNoTracking().Where(r => projectIds.Contains(r.ProjectId)).OrderBy(r => r.Id).ToListAsync(ct).ConfigureAwait(false);
        var ruleMap = new IdMap(await KeepAsync(target.LabellingRules, rules.Select(r => (long)r.Id), ct).ConfigureAwait(false));
        await AddAsync(rules, r => r.Id, (r, id) => r.Id = (int)id, ruleMap, r =>
        {
            r.Versions = [];
            r.ProjectId = (int)projectMap[r.ProjectId];
            r.LabelId = r.LabelId is { } label ? (int)labelMap[label] : null;
            r.ExampleDocumentIds = [.. r.ExampleDocumentIds.Select(d => documentMap.TryGet(d, out var copy) ? copy : d)];
        }, ct).ConfigureAwait(false);
        tally.Rules = rules.Count;
        var ruleVersions = source.LabellingRuleVersions.AsNoTracking().Where(v => source.LabellingRules.Any(r => r.Id == v.RuleId && projectIds.Contains(r.ProjectId)));
        var ruleVersionMap = new IdMap(await KeepRangeAsync(ruleVersions.Select(v => v.Id), target.LabellingRuleVersions.Select(v => v.Id), ct).ConfigureAwait(false));
        tally.RuleVersions = await PagedAsync(ruleVersions, v => v.Id, v => v.Id, (v, id) => v.Id = id, ruleVersionMap, v => v.RuleId = (int)ruleMap[v.RuleId], ct).ConfigureAwait(false);

        await CopyPeopleAsync(projectIds, projectMap, tally, ct).ConfigureAwait(false);

        // Task leases (TaskLeases) are not copied: they are transient, ten minutes at most, and name documents by the
        // source's ids; the target's servers hand out documents afresh, as after a restart on SQLite.
        return tally;
    }

    /// <summary>
    /// Users (one the target already has, by name, is that user), the copied projects' members, the users' tokens for
    /// those projects or for none, and the audit lines (the projects' own, and the site-wide ones in a whole copy).
    /// Sessions are not copied: people sign in again.
    /// </summary>
    private async Task CopyPeopleAsync(List<int> projectIds, IdMap projectMap, CopyTally tally, CancellationToken ct)
    {
        var users = await source.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync(ct).ConfigureAwait(false);
        var known = await target.Users.AsNoTracking().ToDictionaryAsync(u => u.NormalizedName, u => u.Id, ct).ConfigureAwait(false);
        var userIds = new Dictionary<long, long>();
        foreach (var user in users.Where(u => known.ContainsKey(u.NormalizedName)))
        {
            userIds[user.Id] = known[user.NormalizedName];
        }

        var added = users.Where(u => !known.ContainsKey(u.NormalizedName)).ToList();
        var addedMap = new IdMap(await KeepAsync(target.Users, added.Select(u => u.Id), ct).ConfigureAwait(false));
        var oldIds = added.Select(u => u.Id).ToList();
        await AddAsync(added, u => u.Id, (u, id) => u.Id = id, addedMap, _ => { }, ct).ConfigureAwait(false);
        foreach (var old in oldIds)
        {
            userIds[old] = addedMap[old];
        }

        tally.Users = added.Count;

        var members = source.ProjectMembers.AsNoTracking().Where(m => projectIds.Contains(m.ProjectId));
        tally.Members = await PagedAsync(members.OrderBy(m => m.ProjectId).ThenBy(m => m.UserId), ct, m =>
        {
            m.ProjectId = (int)projectMap[m.ProjectId];
            m.UserId = userIds[m.UserId];
        }).ConfigureAwait(false);

        var targetHashes = await target.ApiTokens.AsNoTracking().Select(t => t.Hash).ToListAsync(ct).ConfigureAwait(false);
        var tokens = (await source.ApiTokens.AsNoTracking().Where(t => t.ProjectId == null || projectIds.Contains(t.ProjectId.Value)).OrderBy(t => t.Id)
            .ToListAsync(ct).ConfigureAwait(false)).Where(t => !targetHashes.Contains(t.Hash)).ToList();
        var tokenMap = new IdMap(await KeepAsync(target.ApiTokens, tokens.Select(t => t.Id), ct).ConfigureAwait(false));
        await AddAsync(tokens, t => t.Id, (t, id) => t.Id = id, tokenMap, t =>
        {
            t.UserId = userIds[t.UserId];
            t.ProjectId = t.ProjectId is { } project ? (int)projectMap[project] : null;
        }, ct).ConfigureAwait(false);
        tally.Tokens = tokens.Count;

        var whole = projectIds.Count == await source.Projects.CountAsync(ct).ConfigureAwait(false);
        var audit = source.AuditEvents.AsNoTracking().Where(e => (e.ProjectId == null && whole) || (e.ProjectId != null && projectIds.Contains(e.ProjectId.Value)));
        var auditMap = new IdMap(await KeepRangeAsync(audit.Select(e => e.Id), target.AuditEvents.Select(e => e.Id), ct).ConfigureAwait(false));
        tally.AuditEvents = await PagedAsync(audit, e => e.Id, e => e.Id, (e, id) => e.Id = id, auditMap, e => e.ProjectId = e.ProjectId is { } project ? (int)projectMap[project] : null, ct).ConfigureAwait(false);
    }

    /// <summary>Whether none of <paramref name="ids"/> is taken in the target's table (then they are kept).</summary>
    private static async Task<bool> KeepAsync<T>(DbSet<T> table, IEnumerable<long> ids, CancellationToken ct)
        where T : class
    {
        var wanted = ids.ToList();
        if (wanted.Count == 0)
        {
            return true;
        }

        var ints = wanted.Select(i => (int)i).ToList();
        return typeof(T) == typeof(Project) || typeof(T) == typeof(Label) || typeof(T) == typeof(Core.WeakSupervision.LabellingRule)
            ? !await table.IgnoreQueryFilters().AnyAsync(e => ints.Contains(EF.Property<int>(e, "Id")), ct).ConfigureAwait(false)
            : !await table.IgnoreQueryFilters().AnyAsync(e => wanted.Contains(EF.Property<long>(e, "Id")), ct).ConfigureAwait(false);
    }

    /// <summary>Whether the target's table has no id within the source's range (then the source's ids are kept).</summary>
    private static async Task<bool> KeepRangeAsync(IQueryable<long> sourceIds, IQueryable<long> targetIds, CancellationToken ct)
    {
        var low = await sourceIds.Select(i => (long?)i).MinAsync(ct).ConfigureAwait(false);
        var high = await sourceIds.Select(i => (long?)i).MaxAsync(ct).ConfigureAwait(false);
        return low is null || !await targetIds.AnyAsync(i => i >= low && i <= high, ct).ConfigureAwait(false);
    }

    private async Task AddAsync<T>(List<T> rows, Func<T, long> id, Action<T, long> setId, IdMap map, Action<T> rewrite, CancellationToken ct)
        where T : class
    {
        foreach (var row in rows)
        {
            rewrite(row);
        }

        await AddChunkAsync(rows, id, setId, map, ct).ConfigureAwait(false);
    }

    /// <summary>Copies rows with ids of their own, a chunk at a time in id order.</summary>
    private async Task<int> PagedAsync<T>(IQueryable<T> rows, Expression<Func<T, long>> key, Func<T, long> id, Action<T, long> setId, IdMap map, Action<T> rewrite, CancellationToken ct)
        where T : class
    {
        var count = 0;

        // The bound is read from an object, as from a closure, so that EF sends it as a parameter: one query plan for every chunk.
        var after = new StrongBox<long>(long.MinValue);
        var beyond = Expression.Lambda<Func<T, bool>>(
            Expression.GreaterThan(key.Body, Expression.Field(Expression.Constant(after), nameof(StrongBox<long>.Value))), key.Parameters[0]);
        while (true)
        {
            var chunk = await rows.Where(beyond).OrderBy(key).Take(Chunk).ToListAsync(ct).ConfigureAwait(false);
            if (chunk.Count == 0)
            {
                return count;
            }

            after.Value = id(chunk[^1]);
            foreach (var row in chunk)
            {
                rewrite(row);
            }

            await AddChunkAsync(chunk, id, setId, map, ct).ConfigureAwait(false);
            count += chunk.Count;
        }
    }

    /// <summary>Copies rows keyed by what they refer to (no id of their own), a chunk at a time in key order.</summary>
    private async Task<int> PagedAsync<T>(IOrderedQueryable<T> rows, CancellationToken ct, Action<T> rewrite)
        where T : class
    {
        var count = 0;
        while (true)
        {
            var chunk = await rows.Skip(count).Take(Chunk).ToListAsync(ct).ConfigureAwait(false);
            if (chunk.Count == 0)
            {
                return count;
            }

            foreach (var row in chunk)
            {
                rewrite(row);
            }

            target.AddRange(chunk);
            await target.SaveChangesAsync(ct).ConfigureAwait(false);
            target.ChangeTracker.Clear();
            count += chunk.Count;
        }
    }

    private async Task AddChunkAsync<T>(List<T> rows, Func<T, long> id, Action<T, long> setId, IdMap map, CancellationToken ct)
        where T : class
    {
        var old = rows.Select(id).ToList();
        if (!map.Keeps)
        {
            foreach (var row in rows)
            {
                setId(row, 0);
            }
        }

        target.AddRange(rows);
        await target.SaveChangesAsync(ct).ConfigureAwait(false);
        target.ChangeTracker.Clear();
        if (!map.Keeps)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                map.Add(old[i], id(rows[i]));
            }
        }
    }

    /// <summary>Old id to new id for one table; the identity when the table's ids were kept.</summary>
    private sealed class IdMap(bool keeps)
    {
        private readonly Dictionary<long, long> ids = [];

        public bool Keeps => keeps;

        public long this[long old] => keeps ? old : ids[old];

        public void Add(long old, long copy) => ids[old] = copy;

        public long? Of(long? old) => old is { } value ? this[value] : null;

        public bool TryGet(long old, out long copy)
        {
            if (keeps)
            {
                copy = old;
                return true;
            }

            return ids.TryGetValue(old, out copy);
        }
    }
}
