using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Users;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// Takes a project's rules out as a <see cref="RulePackage"/> and brings a package into a project: labels are matched by
/// name (whatever the case), and a rule whose label the project lacks comes in switched off, with a note. An import is
/// all or nothing: a rule the checks refuse, or a name the project already uses, refuses the package, naming the rule.
/// </summary>
public static class RuleTransfer
{
    /// <summary>Every rule of the project, on or off, its label by its current name and its example documents as texts.</summary>
    public static async Task<Outcome<RulePackage>> ExportAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var listed = await LabellingRules.ListAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            return Outcome<RulePackage>.Failure(listed.Problems);
        }

        var ids = listed.Value!.SelectMany(r => r.Rule.ExampleDocumentIds).Distinct().ToList();
        var texts = ids.Count == 0
            ? []
            : await db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Text, cancellationToken).ConfigureAwait(false);
        var rules = listed.Value!.Select(r => RuleSnapshot.Of(r.Rule, r.Label) with
        {
            LabelId = null,
            Examples = [.. r.Rule.Examples, .. r.Rule.ExampleDocumentIds.Where(texts.ContainsKey).Select(d => texts[d])],
            ExampleDocumentIds = [],
        }).ToList();
        return new RulePackage(RulePackage.CurrentFormat, rules);
    }

    /// <summary>Adds the package's rules to the project, each at version 1 by <paramref name="actor"/>; the result lists the rules that came in switched off for want of their label.</summary>
    public static async Task<Outcome<RuleImport>> ImportAsync(
        TagloopDbContext db, int projectId, RulePackage package, string actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(time);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        if (package.Format != RulePackage.CurrentFormat)
        {
            return Problem.Invalid("format", $"Rule packages of format {package.Format} cannot be read here; this version reads format {RulePackage.CurrentFormat}.");
        }

        var rules = package.Rules ?? [];
        var labels = await LabellingRules.LabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var names = await db.LabellingRules.AsNoTracking().Where(r => r.ProjectId == projectId).Select(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (names.Count + rules.Count > LabellingRules.MaxPerProject)
        {
            return Problem.Conflict($"The project has {names.Count} rules and the package {rules.Count}; a project holds at most {LabellingRules.MaxPerProject}.");
        }

        var now = time.GetUtcNow();
        var problems = new List<Problem>();
        var made = new List<LabellingRule>(rules.Count);
        var switchedOff = new List<RuleImportNote>();
        for (var i = 0; i < rules.Count; i++)
        {
            var snapshot = rules[i];
            var prefix = $"rules[{i}].";
            if (snapshot is null)
            {
                problems.Add(Problem.Invalid($"rules[{i}]", $"Rule {i + 1} of the package is empty."));
                continue;
            }

            var rule = new LabellingRule { ProjectId = projectId, Name = "", LabelName = "", Version = 1, CreatedBy = actor, CreatedAt = now, UpdatedBy = actor, UpdatedAt = now };
            var label = string.IsNullOrWhiteSpace(snapshot.Label) ? null : RuleDraft.Find(labels, snapshot.Label);
            var change = new RuleUpdate
            {
                Name = snapshot.Name ?? "",
                Label = label?.Name,
                Kind = snapshot.Kind ?? "",
                Terms = snapshot.Terms,
                Match = snapshot.Match,
                CaseSensitive = snapshot.CaseSensitive,
                Pattern = snapshot.Pattern,
                Examples = snapshot.Examples,
                Threshold = snapshot.Threshold,
                MetaField = snapshot.MetaField,
                MetaValue = snapshot.MetaValue,
                Enabled = snapshot.Enabled && label is not null,
                Note = label is not null ? snapshot.Note ?? ""
                    : string.IsNullOrWhiteSpace(snapshot.Label) ? "The package named no label for this rule: choose one and switch the rule back on."
                    : $"The label '{UnicodeText.Quote(snapshot.Label, 99)}' is not among this project's labels: choose one and switch the rule back on.",
            };
            RuleDraft.Apply(rule, change, labels, problems, prefix);
            if (label is null)
            {
                rule.LabelName = UnicodeText.Quote(snapshot.Label?.Trim(), 99);
                switchedOff.Add(new RuleImportNote(rule.Name, rule.LabelName, change.Note ?? ""));
            }

            RuleDraft.Check(rule, labels, names, problems, prefix);
            names.Add(rule.Name);
            made.Add(rule);
        }

        if (problems.Count > 0)
        {
            return Outcome<RuleImport>.Failure(problems);
        }

        foreach (var rule in made)
        {
            rule.Versions.Add(LabellingRules.NewVersion(rule, rule.LabelName, "Imported.", actor, now));
            db.LabellingRules.Add(rule);
            AuditTrail.Add(db, time, "rule-added", actor, projectId, LabellingRules.Describe(rule, rule.LabelName) + ", imported", from);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new RuleImport(made.Count, switchedOff);
    }
}
