using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Taxonomy;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// What a change to the labels does to the rules that vote them, inside the taxonomy change's transaction: a merged
/// label's rules vote the label it went into; a split or deleted label's rules are switched off with a note saying
/// what to do. Each such rule gets a new version, by the taxonomy change's author.
/// </summary>
internal static class RuleFollowUp
{
    public static async Task LabelMergedAsync(TagloopDbContext db, Label label, Label into, TaxonomyChange change, CancellationToken cancellationToken)
    {
        foreach (var rule in await RulesOfAsync(db, label, cancellationToken).ConfigureAwait(false))
        {
            rule.LabelId = into.Id;
            rule.LabelName = into.Name;
            if (rule.Kind == RuleKind.LabelDescription && string.IsNullOrWhiteSpace(into.Description) && rule.Enabled)
            {
                rule.Enabled = false;
                rule.Note = $"Label '{label.Name}' was merged into '{into.Name}', which has no description: give '{into.Name}' one and switch the rule back on.";
            }
            else
            {
                rule.Note = $"Label '{label.Name}' was merged into '{into.Name}': the rule votes '{into.Name}' now.";
            }

            rule.Note = Cut(rule.Note);
            Bump(db, rule, into.Name, rule.Note, change);
        }
    }

    public static async Task LabelSplitAsync(TagloopDbContext db, Label label, IReadOnlyList<Label> into, TaxonomyChange change, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", into.Select(l => $"'{l.Name}'"));
        await SwitchOffAsync(db, label, $"Label '{label.Name}' was split into {names}: choose one and switch the rule back on.", change, cancellationToken).ConfigureAwait(false);
    }

    public static Task LabelDeletedAsync(TagloopDbContext db, Label label, TaxonomyChange change, CancellationToken cancellationToken) =>
        SwitchOffAsync(db, label, $"Label '{label.Name}' was deleted: choose another label and switch the rule back on.", change, cancellationToken);

    private static async Task SwitchOffAsync(TagloopDbContext db, Label label, string note, TaxonomyChange change, CancellationToken cancellationToken)
    {
        foreach (var rule in await RulesOfAsync(db, label, cancellationToken).ConfigureAwait(false))
        {
            rule.LabelId = null;
            rule.LabelName = label.Name;
            rule.Enabled = false;
            rule.Note = Cut(note);
            Bump(db, rule, label.Name, note, change);
        }
    }

    private static Task<List<LabellingRule>> RulesOfAsync(TagloopDbContext db, Label label, CancellationToken cancellationToken) =>
        db.LabellingRules.Where(r => r.ProjectId == label.ProjectId && r.LabelId == label.Id).OrderBy(r => r.Id).ToListAsync(cancellationToken);

    /// <summary>A note within the note's length (a split into many labels names them all).</summary>
    private static string Cut(string note) => note.Length <= LabellingRules.MaxNoteLength ? note : note[..(LabellingRules.MaxNoteLength - 1)] + "…";

    private static void Bump(TagloopDbContext db, LabellingRule rule, string label, string summary, TaxonomyChange change)
    {
        rule.Version++;
        rule.UpdatedBy = change.Author;
        rule.UpdatedAt = change.At;
        db.LabellingRuleVersions.Add(LabellingRules.NewVersion(rule, label, summary, change.Author, change.At));
    }
}
