using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Users;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A project's labelling rules (<see cref="LabellingRule"/>): adding, changing and removing them under the rules of
/// <see cref="RuleDraft"/>, each change a new version kept whole and audited; and the switched-on rules as
/// <see cref="RuleDefinition"/>s for the algorithms (<see cref="EnabledAsync"/>).
/// </summary>
public static class LabellingRules
{
    public const int MaxPerProject = 500;
    public const int MaxNameLength = 100;
    public const int MaxTerms = 500;
    public const int MaxTermLength = 200;
    public const int MaxPatternLength = 2000;
    public const int MaxExamples = 50;
    public const int MaxExampleLength = 10_000;
    public const int MaxMetaLength = 200;
    public const int MaxNoteLength = 1000;

    /// <summary>The least cosine similarity a similar or label-description rule matches at when none is given.</summary>
    public const double DefaultThreshold = 0.5;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The project's rules, oldest first, each with its label's current name.</summary>
    public static async Task<Outcome<IReadOnlyList<RuleSummary>>> ListAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false))
        {
            return NoProject(projectId);
        }

        var rules = await db.LabellingRules.AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var names = await db.Labels.AsNoTracking().Where(l => l.ProjectId == projectId).ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken).ConfigureAwait(false);
        return rules.Select(r => new RuleSummary(r, LabelOf(r, names))).ToList();
    }

    /// <summary>
    /// Writes a new rule as <paramref name="request"/> gives it onto <paramref name="rule"/> and checks it (names
    /// against <paramref name="others"/>, example documents against the project): the problems, none when it may be saved.
    /// </summary>
    internal static async Task<List<Problem>> WriteNewAsync(
        TagloopDbContext db, int projectId, NewRule request, LabellingRule rule, IReadOnlyList<Label> labels, IEnumerable<string> others, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(request.Kind))
        {
            problems.Add(Problem.Invalid("kind", $"Say what the rule looks at: kind {string.Join(", ", RuleKinds.Names)}."));
        }

        var change = request.AsUpdate();
        RuleDraft.Apply(rule, change, labels, problems);
        if (request.Label is null)
        {
            problems.Add(Problem.Invalid("label", $"Say which label the rule votes (label); the project's labels are {string.Join(", ", labels.Select(l => $"'{l.Name}'"))}."));
        }

        RuleDraft.Check(rule, labels, others, problems);
        await CheckDocumentsAsync(db, projectId, change.ExampleDocumentIds, "exampleDocumentIds", problems, cancellationToken).ConfigureAwait(false);
        return problems;
    }

    public static async Task<Outcome<RuleSummary>> AddAsync(
        TagloopDbContext db, int projectId, NewRule request, string actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false))
        {
            return NoProject(projectId);
        }

        var labels = await LabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var others = await db.LabellingRules.AsNoTracking().Where(r => r.ProjectId == projectId).Select(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var rule = new LabellingRule { ProjectId = projectId, Name = "", LabelName = "", Version = 1, CreatedBy = actor, CreatedAt = now, UpdatedBy = actor, UpdatedAt = now };
        var problems = await WriteNewAsync(db, projectId, request, rule, labels, others, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return Outcome<RuleSummary>.Failure(problems);
        }

        if (others.Count >= MaxPerProject)
        {
            return Problem.Conflict($"The project has {MaxPerProject} rules already; remove some first.");
        }

        db.LabellingRules.Add(rule);
        rule.Versions.Add(NewVersion(rule, rule.LabelName, "Added.", actor, now));
        AuditTrail.Add(db, time, "rule-added", actor, projectId, Describe(rule, rule.LabelName), from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new RuleSummary(rule, rule.LabelName);
    }

    /// <summary>Changes a rule as <paramref name="update"/> says; a change that changes nothing makes no new version.</summary>
    public static async Task<Outcome<RuleSummary>> UpdateAsync(
        TagloopDbContext db, int projectId, int ruleId, RuleUpdate update, string actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(time);
        var rule = await db.LabellingRules.FirstOrDefaultAsync(r => r.Id == ruleId && r.ProjectId == projectId, cancellationToken).ConfigureAwait(false);
        if (rule is null)
        {
            return NoRule(projectId, ruleId);
        }

        if (update.Version is { } expected && expected != rule.Version)
        {
            return Stale(rule, expected);
        }

        var labels = await LabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var others = await db.LabellingRules.AsNoTracking().Where(r => r.ProjectId == projectId && r.Id != ruleId).Select(r => r.Name)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var before = RuleSnapshot.Of(rule, LabelOf(rule, labels));
        var draft = RuleDraft.Copy(rule);
        var problems = new List<Problem>();
        RuleDraft.Apply(draft, update, labels, problems);
        RuleDraft.Check(draft, labels, others, problems);

        // Documents given anew must be the project's; ones given before may since have been deleted and are passed over.
        var added = update.ExampleDocumentIds?.Except(rule.ExampleDocumentIds).ToList();
        await CheckDocumentsAsync(db, projectId, added, "exampleDocumentIds", problems, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return Outcome<RuleSummary>.Failure(problems);
        }

        var after = RuleSnapshot.Of(draft, LabelOf(draft, labels));
        var summary = Changes(before, after);
        if (summary is null)
        {
            return new RuleSummary(rule, before.Label);
        }

        var now = time.GetUtcNow();
        RuleDraft.CopyValues(draft, rule);
        rule.Version++;
        rule.UpdatedBy = actor;
        rule.UpdatedAt = now;
        db.LabellingRuleVersions.Add(NewVersion(rule, after.Label, summary, actor, now));
        AuditTrail.Add(db, time, "rule-changed", actor, projectId, $"{Describe(rule, after.Label)}, version {rule.Version}: {summary}", from);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else's change to the rule committed since it was read here.
            db.ChangeTracker.Clear();
            var current = await db.LabellingRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId, cancellationToken).ConfigureAwait(false);
            return current is null ? NoRule(projectId, ruleId) : Stale(current, rule.Version - 1);
        }

        return new RuleSummary(rule, after.Label);
    }

    public static async Task<Outcome<bool>> RemoveAsync(
        TagloopDbContext db, int projectId, int ruleId, string actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var rule = await db.LabellingRules.FirstOrDefaultAsync(r => r.Id == ruleId && r.ProjectId == projectId, cancellationToken).ConfigureAwait(false);
        if (rule is null)
        {
            return NoRule(projectId, ruleId);
        }

        var labels = await LabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        db.LabellingRules.Remove(rule);
        AuditTrail.Add(db, time, "rule-deleted", actor, projectId, $"{Describe(rule, LabelOf(rule, labels))}, version {rule.Version}", from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Every version of a rule, newest first, each with the whole rule as it then was.</summary>
    public static async Task<Outcome<IReadOnlyList<RuleHistoryEntry>>> VersionsAsync(TagloopDbContext db, int projectId, int ruleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.LabellingRules.AnyAsync(r => r.Id == ruleId && r.ProjectId == projectId, cancellationToken).ConfigureAwait(false))
        {
            return NoRule(projectId, ruleId);
        }

        var versions = await db.LabellingRuleVersions.AsNoTracking().Where(v => v.RuleId == ruleId).OrderByDescending(v => v.Version)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return versions.Select(v => new RuleHistoryEntry(v.Version, v.Summary, v.Author, v.At, JsonSerializer.Deserialize<RuleSnapshot>(v.Definition, Json)!)).ToList();
    }

    /// <summary>
    /// The project's switched-on rules in the order they were written, as the algorithms take them: label names, and
    /// example documents read as texts. Example documents deleted since are passed over; a similar rule left with no
    /// example, and a label-description rule whose label has no description now, are left out.
    /// </summary>
    public static async Task<IReadOnlyList<EnabledRule>> EnabledAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rules = await db.LabellingRules.AsNoTracking().Where(r => r.ProjectId == projectId && r.Enabled && r.LabelId != null).OrderBy(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var labels = await db.Labels.AsNoTracking().Where(l => l.ProjectId == projectId).ToDictionaryAsync(l => l.Id, cancellationToken).ConfigureAwait(false);
        var ids = rules.SelectMany(r => r.ExampleDocumentIds).Distinct().ToList();
        var texts = ids.Count == 0
            ? []
            : await db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Text, cancellationToken).ConfigureAwait(false);
        var enabled = new List<EnabledRule>(rules.Count);
        foreach (var rule in rules)
        {
            var examples = rule.ExampleDocumentIds.Where(texts.ContainsKey).Select(d => texts[d]);
            if (DefinitionOf(rule, labels.GetValueOrDefault(rule.LabelId!.Value), examples, out _) is { } definition)
            {
                enabled.Add(new EnabledRule(rule.Id, rule.Version, definition));
            }
        }

        return enabled;
    }

    /// <summary>
    /// The rule as the algorithms take it (its label's current name, its example texts followed by the texts of
    /// <paramref name="documentExamples"/>), or null with why it cannot run: its label is gone, the label it compares
    /// with has no description, or a similar rule has no example left.
    /// </summary>
    internal static RuleDefinition? DefinitionOf(LabellingRule rule, Label? label, IEnumerable<string> documentExamples, out string? problem)
    {
        if (label is null)
        {
            problem = $"Its label '{UnicodeText.Quote(rule.LabelName, 100)}' no longer exists: say which label it votes to switch it on.";
            return null;
        }

        if (rule.Kind == RuleKind.LabelDescription && string.IsNullOrWhiteSpace(label.Description))
        {
            problem = $"Label '{UnicodeText.Quote(label.Name, 100)}' has no description for the rule to compare documents with; give it one.";
            return null;
        }

        List<string> examples = [.. rule.Examples, .. documentExamples];
        if (rule.Kind == RuleKind.Similar && examples.Count == 0)
        {
            problem = "Its example documents were deleted and it has no example texts left; give it an example.";
            return null;
        }

        problem = null;
        return new RuleDefinition
        {
            Name = rule.Name,
            Label = label.Name,
            Kind = rule.Kind,
            Terms = [.. rule.Terms],
            Match = rule.Match,
            CaseSensitive = rule.CaseSensitive,
            Pattern = rule.Pattern,
            Examples = examples,
            Threshold = rule.Threshold,
            MetaField = rule.MetaField,
            MetaValue = rule.MetaValue,
        };
    }

    /// <summary>The definitions of <see cref="EnabledAsync"/> alone.</summary>
    public static async Task<IReadOnlyList<RuleDefinition>> DefinitionsAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken) =>
        [.. (await EnabledAsync(db, projectId, cancellationToken).ConfigureAwait(false)).Select(r => r.Definition)];

    /// <summary>A rule in a few words, for the audit trail: <c>'refund words' (keywords → billing)</c>.</summary>
    public static string Describe(LabellingRule rule, string label)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return $"'{UnicodeText.Quote(rule.Name, 100)}' ({RuleKinds.Name(rule.Kind)} → {UnicodeText.Quote(label, 100)})";
    }

    /// <summary>The next version's row, holding the rule as it now stands.</summary>
    internal static LabellingRuleVersion NewVersion(LabellingRule rule, string label, string summary, string author, DateTimeOffset at) => new()
    {
        RuleId = rule.Id,
        Version = rule.Version,
        Definition = JsonSerializer.Serialize(RuleSnapshot.Of(rule, label), Json),
        Summary = summary,
        Author = author,
        At = at,
    };

    internal static Task<List<Label>> LabelsAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken) =>
        db.Labels.AsNoTracking().Where(l => l.ProjectId == projectId).OrderBy(l => l.Order).ToListAsync(cancellationToken);

    internal static async Task CheckDocumentsAsync(TagloopDbContext db, int projectId, IReadOnlyCollection<long>? ids, string field, List<Problem> problems, CancellationToken cancellationToken)
    {
        if (ids is null || ids.Count == 0 || ids.Count > MaxExamples)
        {
            return;
        }

        var wanted = ids.ToList();
        var known = await db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && wanted.Contains(d.Id)).Select(d => d.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (wanted.Except(known).Order().ToList() is { Count: > 0 } missing)
        {
            problems.Add(Problem.Invalid(field, $"Project {projectId} has no document {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}."));
        }
    }

    private static string LabelOf(LabellingRule rule, Dictionary<int, string> names) =>
        rule.LabelId is { } id && names.TryGetValue(id, out var name) ? name : rule.LabelName;

    private static string LabelOf(LabellingRule rule, List<Label> labels) =>
        labels.FirstOrDefault(l => l.Id == rule.LabelId)?.Name ?? rule.LabelName;

    /// <summary>What changed between two versions, in words; null when nothing did.</summary>
    private static string? Changes(RuleSnapshot before, RuleSnapshot after)
    {
        var fields = new List<string>();
        void Compare<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                fields.Add(name);
            }
        }

        Compare("name", before.Name, after.Name);
        Compare("label", before.LabelId, after.LabelId);
        Compare("kind", before.Kind, after.Kind);
        Compare("terms", string.Join('\n', before.Terms), string.Join('\n', after.Terms));
        Compare("match", before.Match, after.Match);
        Compare("case", before.CaseSensitive, after.CaseSensitive);
        Compare("pattern", before.Pattern, after.Pattern);
        Compare("examples", string.Join('\n', before.Examples), string.Join('\n', after.Examples));
        Compare("example documents", string.Join(',', before.ExampleDocumentIds), string.Join(',', after.ExampleDocumentIds));
        Compare("threshold", before.Threshold, after.Threshold);
        Compare("metadata field", before.MetaField, after.MetaField);
        Compare("metadata value", before.MetaValue, after.MetaValue);
        Compare("note", before.Note, after.Note);
        var said = new List<string>();
        if (before.Enabled != after.Enabled)
        {
            said.Add(after.Enabled ? "Switched on." : "Switched off.");
        }

        if (fields.Count > 0)
        {
            said.Add($"Changed {string.Join(", ", fields)}.");
        }

        return said.Count == 0 ? null : string.Join(" ", said);
    }

    private static Problem NoProject(int projectId) => Problem.NotFound($"There is no project {projectId}.");

    private static Problem NoRule(int projectId, int ruleId) => Problem.NotFound($"Project {projectId} has no rule {ruleId}.");

    private static Problem Stale(LabellingRule current, int expected) => Problem.Conflict(
        $"Rule '{UnicodeText.Quote(current.Name, 100)}' is at version {current.Version}, not {expected}: it changed since you read it "
        + $"(last by {current.UpdatedBy}). Reload it and make your change again.",
        "version");
}
