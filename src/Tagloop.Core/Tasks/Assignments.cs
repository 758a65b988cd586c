using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Documents;
using Tagloop.Core.Users;

namespace Tagloop.Core.Tasks;

/// <summary>
/// Setting documents aside for people (<see cref="Assignment"/>): the rules for adding and removing them, and working out
/// which documents each one holds now. The task queue reads the result when it loads a project's pool and when an import
/// completes; every change to the assignments drops the pool so the next request loads it afresh.
/// </summary>
public static class Assignments
{
    public const int MaxDocumentIds = 10_000;
    public const int MaxSearchLength = 200;
    public const int MaxMetaLength = 200;
    public const int MaxNoteLength = 1000;
    public const int MaxPerProject = 500;

    public static async Task<IReadOnlyList<AssignmentSummary>> ListAsync(TagloopDbContext db, TaskPools pools, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(pools);
        var assignments = await db.Assignments.AsNoTracking().Include(a => a.Documents).Where(a => a.ProjectId == projectId)
            .OrderBy(a => a.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var summaries = new List<AssignmentSummary>(assignments.Count);
        foreach (var assignment in assignments)
        {
            var documents = await ResolveAsync(db, assignment, null, cancellationToken).ConfigureAwait(false);
            var open = await pools.CountServableAsync(db, projectId, documents, assignment.Assignee, cancellationToken).ConfigureAwait(false);
            summaries.Add(new AssignmentSummary(assignment, documents.Count, open));
        }

        return summaries;
    }

    public static async Task<Outcome<AssignmentSummary>> AddAsync(
        TagloopDbContext db, TaskPools pools, int projectId, NewAssignment request, string actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        var assignee = await AssigneeAsync(db, projectId, request.User, cancellationToken).ConfigureAwait(false);
        if (!assignee.Succeeded)
        {
            return Outcome<AssignmentSummary>.Failure(assignee.Problems);
        }

        var search = string.IsNullOrWhiteSpace(request.Search) ? null : request.Search.Trim();
        var field = string.IsNullOrWhiteSpace(request.MetaField) ? null : request.MetaField.Trim();
        var value = request.MetaValue?.Trim();
        var ids = request.DocumentIds?.Distinct().ToList() ?? [];
        if ((Check(search, "search", "The search", MaxSearchLength) ?? Check(field, "metaField", "The metadata field", MaxMetaLength)
            ?? Check(value, "metaValue", "The metadata value", MaxMetaLength) ?? Check(request.Note, "note", "The note", MaxNoteLength)) is { } bad)
        {
            return bad;
        }

        if (field is null != (value is null))
        {
            return Problem.Invalid(field is null ? "metaField" : "metaValue", "A metadata condition needs both a field and a value, e.g. metaField court, metaValue appeals.");
        }

        if (ids.Count == 0 && search is null && field is null)
        {
            return Problem.Invalid("documentIds", "Say which documents: documentIds, a search, or a metadata field and value.");
        }

        if (ids.Count > MaxDocumentIds)
        {
            return Problem.Invalid("documentIds", $"{ids.Count} document ids in one assignment; at most {MaxDocumentIds:N0} (use a search or a metadata condition for more).");
        }

        if (ids.Count > 0)
        {
            var known = await db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && ids.Contains(d.Id)).Select(d => d.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Except(known).Order().FirstOrDefault() is var missing && known.Count < ids.Count)
            {
                return Problem.Invalid("documentIds", $"Project {projectId} has no document {missing}.");
            }
        }

        if (await db.Assignments.CountAsync(a => a.ProjectId == projectId, cancellationToken).ConfigureAwait(false) >= MaxPerProject)
        {
            return Problem.Conflict($"The project has {MaxPerProject} assignments already; remove some first.");
        }

        var assignment = new Assignment
        {
            ProjectId = projectId,
            Assignee = assignee.Value!,
            Search = search,
            MetaField = field,
            MetaValue = value,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            CreatedBy = actor,
            CreatedAt = time.GetUtcNow(),
            Documents = [.. ids.Select(id => new AssignedDocument { DocumentId = id })],
        };
        db.Assignments.Add(assignment);
        AuditTrail.Add(db, time, "assignment-added", actor, projectId, $"for {assignment.Assignee}: {Describe(assignment)}", from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        pools.Forget(projectId);

        var documents = await ResolveAsync(db, assignment, null, cancellationToken).ConfigureAwait(false);
        var open = await pools.CountServableAsync(db, projectId, documents, assignment.Assignee, cancellationToken).ConfigureAwait(false);
        return new AssignmentSummary(assignment, documents.Count, open);
    }

    public static async Task<Outcome<bool>> RemoveAsync(
        TagloopDbContext db, TaskPools pools, int projectId, int assignmentId, string actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(time);
        var assignment = await db.Assignments.Include(a => a.Documents)
            .FirstOrDefaultAsync(a => a.Id == assignmentId && a.ProjectId == projectId, cancellationToken).ConfigureAwait(false);
        if (assignment is null)
        {
            return Problem.NotFound($"Project {projectId} has no assignment {assignmentId}.");
        }

        db.Assignments.Remove(assignment);
        AuditTrail.Add(db, time, "assignment-removed", actor, projectId, $"for {assignment.Assignee}: {Describe(assignment)}", from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        pools.Forget(projectId);
        return true;
    }

    /// <summary>
    /// Who holds which documents, over every assignment of the project: pairs of (document, assignee). With
    /// <paramref name="importRuns"/>, only documents those imports brought (the queue taking in a completed import).
    /// </summary>
    public static async Task<IReadOnlyList<(long DocumentId, string Assignee)>> ResolveAllAsync(
        TagloopDbContext db, int projectId, IReadOnlyCollection<long>? importRuns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var assignments = await db.Assignments.AsNoTracking().Include(a => a.Documents).Where(a => a.ProjectId == projectId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var pairs = new List<(long, string)>();
        foreach (var assignment in assignments)
        {
            var documents = await ResolveAsync(db, assignment, importRuns, cancellationToken).ConfigureAwait(false);
            pairs.AddRange(documents.Select(d => (d, assignment.Assignee)));
        }

        return pairs;
    }

    /// <summary>A short description of what the assignment selects, for the audit log.</summary>
    public static string Describe(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var parts = new List<string>();
        if (assignment.Documents.Count > 0)
        {
            parts.Add(assignment.Documents.Count == 1 ? $"document {assignment.Documents[0].DocumentId}" : $"{assignment.Documents.Count} documents");
        }

        if (assignment.Search is { } search)
        {
            parts.Add($"text contains {UnicodeText.Quote(search, 60)}");
        }

        if (assignment.MetaField is { } field)
        {
            parts.Add($"{UnicodeText.Quote(field, 40)} = {UnicodeText.Quote(assignment.MetaValue, 40)}");
        }

        return string.Join(" and ", parts);
    }

    /// <summary>Whether a document's metadata (a JSON object) has <paramref name="field"/> equal to <paramref name="value"/>: a string whatever its case, a number or true/false as written, or an array holding one of those.</summary>
    public static bool MetaMatches(string? metaJson, string field, string value)
    {
        if (string.IsNullOrEmpty(metaJson))
        {
            return false;
        }

        try
        {
            using var meta = JsonDocument.Parse(metaJson);
            return meta.RootElement.ValueKind == JsonValueKind.Object && meta.RootElement.TryGetProperty(field, out var found) && Matches(found, value);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Matches(JsonElement element, string value) => element.ValueKind switch
    {
        JsonValueKind.String => string.Equals(element.GetString(), value, StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Number => string.Equals(element.GetRawText(), value, StringComparison.Ordinal)
            || (decimal.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var wanted)
                && element.TryGetDecimal(out var number) && number == wanted),
        JsonValueKind.True or JsonValueKind.False => string.Equals(element.GetRawText(), value, StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Array => element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Array && Matches(e, value)),
        _ => false,
    };

    private static async Task<IReadOnlyList<long>> ResolveAsync(TagloopDbContext db, Assignment assignment, IReadOnlyCollection<long>? importRuns, CancellationToken cancellationToken)
    {
        var project = new Projects.Project { Id = assignment.ProjectId, Name = "" };
        var selected = new DocumentBrowser(db).Select(project, DocumentFilter.All, assignment.Search);
        var documents = selected.Value!;
        if (assignment.Documents.Count > 0)
        {
            var ids = assignment.Documents.Select(d => d.DocumentId).ToList();
            documents = documents.Where(d => ids.Contains(d.Id));
        }

        if (importRuns is not null)
        {
            var runs = importRuns.ToList();
            documents = documents.Where(d => d.ImportRunId != null && runs.Contains(d.ImportRunId.Value));
        }

        if (assignment.MetaField is not { } field || assignment.MetaValue is not { } value)
        {
            return await documents.OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        // Metadata is free-form JSON: read it and compare here, the same on every database. A plain value narrows the read
        // to rows whose JSON holds it somewhere (a string or number is written as it is unless it needs escaping).
        var withMeta = documents.Where(d => d.MetaJson != null);
        if (value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.'))
        {
            withMeta = withMeta.Where(d => d.MetaJson!.Contains(value) || d.MetaJson!.Contains(field));
        }

        var matched = new List<long>();
        await foreach (var row in withMeta.OrderBy(d => d.Id).Select(d => new { d.Id, d.MetaJson }).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (MetaMatches(row.MetaJson, field, value))
            {
                matched.Add(row.Id);
            }
        }

        return matched;
    }

    private static async Task<Outcome<string>> AssigneeAsync(TagloopDbContext db, int projectId, string? raw, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Problem.Invalid("user", "Name the person the documents are for.");
        }

        if (!await UserAccounts.OnAsync(db, cancellationToken).ConfigureAwait(false))
        {
            // Without accounts, people are the names annotators give; the same rules as the annotator header.
            return AnnotatorName.Parse(raw, "user", "The person's name", "");
        }

        if (await UserAccounts.FindAsync(db, raw, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return Problem.Invalid("user", $"There is no user named '{UnicodeText.Quote(raw.Trim(), 40)}'.");
        }

        if (user.IsDisabled)
        {
            return Problem.Invalid("user", $"'{user.Name}' is disabled; enable them first.");
        }

        var role = await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.UserId == user.Id).Select(m => (ProjectRole?)m.Role)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return role is >= ProjectRole.Annotator || (role is null && user.IsAdmin)
            ? user.Name
            : Problem.Invalid("user", $"'{user.Name}' {(role is null ? "is not a member of this project" : "is a viewer here")}; make them an annotator first.");
    }

    private static Problem? Check(string? text, string field, string what, int max) =>
        text is null ? null
        : text.Length > max ? Problem.Invalid(field, $"{what} has {text.Length} characters; at most {max}.")
        : UnicodeText.Problem(text) is { } problem ? Problem.Invalid(field, $"{what} {problem}")
        : null;
}
