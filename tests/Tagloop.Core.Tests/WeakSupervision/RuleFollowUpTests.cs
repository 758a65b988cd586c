using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.WeakSupervision;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.WeakSupervision;

/// <summary>Rules follow their label through the taxonomy's changes: renamed, merged, split, deleted.</summary>
public class RuleFollowUpTests
{
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    [Fact]
    public async Task A_merged_label_s_rules_vote_the_label_it_went_into_with_a_note_and_a_new_version()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync(false, "refund", "billing", "other");
        var refund = await AddAsync(database, project.Id, "refund words", "refund");
        var other = await AddAsync(database, project.Id, "other words", "other");
        var (refundId, billingId) = (Label(project, "refund"), Label(project, "billing"));

        Assert.True((await new TaxonomyEditor(database.NewContext(), TimeProvider.System).MergeAsync(project.Id, refundId, billingId, "ed", CancellationToken.None)).Succeeded);

        var rule = await RuleAsync(database, refund);
        Assert.Equal(((int?)billingId, true, 2, "ed"), (rule.LabelId, rule.Enabled, rule.Version, rule.UpdatedBy));
        Assert.Equal("Label 'refund' was merged into 'billing': the rule votes 'billing' now.", rule.Note);
        var history = (await LabellingRules.VersionsAsync(database.NewContext(), project.Id, refund, CancellationToken.None)).Value!;
        Assert.Equal(("billing", (int?)billingId, rule.Note, "ed"), (history[0].Rule.Label, history[0].Rule.LabelId, history[0].Summary, history[0].Author));
        Assert.Equal("refund", history[1].Rule.Label);
        Assert.Equal("billing", (await LabellingRules.EnabledAsync(database.NewContext(), project.Id, CancellationToken.None))[0].Definition.Label);

        // Rules of other labels are untouched.
        Assert.Equal((1, (string?)null), ((await RuleAsync(database, other)).Version, (await RuleAsync(database, other)).Note));
    }

    [Fact]
    public async Task A_label_description_rule_merged_into_a_label_without_a_description_is_switched_off()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync(false, "refund", "billing");
        var editor = new TaxonomyEditor(database.NewContext(), TimeProvider.System);
        Assert.True((await editor.EditAsync(project.Id, Label(project, "refund"), "ed", new LabelUpdate(Description: "Asks for money back."), CancellationToken.None)).Succeeded);
        var id = (await LabellingRules.AddAsync(database.NewContext(), project.Id, new NewRule { Name = "near refund", Label = "refund", Kind = "label-description" }, "ana", null, TimeProvider.System, CancellationToken.None)).Value!.Rule.Id;

        Assert.True((await editor.MergeAsync(project.Id, Label(project, "refund"), Label(project, "billing"), "ed", CancellationToken.None)).Succeeded);

        var rule = await RuleAsync(database, id);
        Assert.Equal(((int?)Label(project, "billing"), false), (rule.LabelId, rule.Enabled));
        Assert.Equal("Label 'refund' was merged into 'billing', which has no description: give 'billing' one and switch the rule back on.", rule.Note);
    }

    [Fact]
    public async Task A_split_label_s_rules_are_switched_off_saying_what_it_was_split_into()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync(false, "billing", "other");
        var id = await AddAsync(database, project.Id, "money words", "billing");

        Assert.True((await new TaxonomyEditor(database.NewContext(), TimeProvider.System).SplitAsync(project.Id, Label(project, "billing"), [new NewLabel("refund"), new NewLabel("invoice")], "ed", CancellationToken.None)).Succeeded);

        var rule = await RuleAsync(database, id);
        Assert.Equal(((int?)null, "billing", false, 2), (rule.LabelId, rule.LabelName, rule.Enabled, rule.Version));
        Assert.Equal("Label 'billing' was split into 'refund', 'invoice': choose one and switch the rule back on.", rule.Note);
        Assert.Empty(await LabellingRules.EnabledAsync(database.NewContext(), project.Id, CancellationToken.None));
        var listed = Assert.Single((await LabellingRules.ListAsync(database.NewContext(), project.Id, CancellationToken.None)).Value!);
        Assert.Equal("billing", listed.Label);

        // It cannot go back on without a label; with one of the new labels it can, and the note goes.
        var refused = await LabellingRules.UpdateAsync(database.NewContext(), project.Id, id, new RuleUpdate { Enabled = true }, "ana", null, TimeProvider.System, CancellationToken.None);
        Assert.Equal("label", Assert.Single(refused.Problems).Field);
        Assert.StartsWith("The rule's label 'billing' no longer exists", refused.Problems[0].Message, StringComparison.Ordinal);
        var back = (await LabellingRules.UpdateAsync(database.NewContext(), project.Id, id, new RuleUpdate { Enabled = true, Label = "refund" }, "ana", null, TimeProvider.System, CancellationToken.None)).Value!;
        Assert.Equal(("refund", true, (string?)null, 3), (back.Label, back.Rule.Enabled, back.Rule.Note, back.Rule.Version));
    }

    [Fact]
    public async Task A_deleted_label_s_rules_are_switched_off_and_renaming_a_label_changes_no_rule()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync(false, "billing", "other");
        var id = await AddAsync(database, project.Id, "money words", "billing");
        var editor = new TaxonomyEditor(database.NewContext(), TimeProvider.System);

        Assert.True((await editor.EditAsync(project.Id, Label(project, "billing"), "ed", new LabelUpdate(Name: "payments"), CancellationToken.None)).Succeeded);
        var renamed = Assert.Single((await LabellingRules.ListAsync(database.NewContext(), project.Id, CancellationToken.None)).Value!);
        Assert.Equal(("payments", 1), (renamed.Label, renamed.Rule.Version));

        Assert.True((await editor.DeleteAsync(project.Id, Label(project, "billing"), "ed", CancellationToken.None)).Succeeded);
        var rule = await RuleAsync(database, id);
        Assert.Equal(((int?)null, "payments", false, 2), (rule.LabelId, rule.LabelName, rule.Enabled, rule.Version));
        Assert.Equal("Label 'payments' was deleted: choose another label and switch the rule back on.", rule.Note);
    }

    [Fact]
    public async Task Deleting_a_project_deletes_its_rules_and_their_versions()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        await AddAsync(database, project.Id, "money words", "spam");
        await database.NewContext().Projects.Where(p => p.Id == project.Id).ExecuteDeleteAsync();
        Assert.Empty(await database.NewContext().LabellingRules.ToListAsync());
        Assert.Empty(await database.NewContext().LabellingRuleVersions.ToListAsync());
    }

    private static int Label(Projects.Project project, string name) => project.Labels.Single(l => l.Name == name).Id;

    private static async Task<int> AddAsync(TestDatabase database, int projectId, string name, string label)
    {
        var outcome = await LabellingRules.AddAsync(database.NewContext(), projectId, new NewRule { Name = name, Label = label, Kind = "keywords", Terms = [name.Split(' ')[0]] }, "ana", null, TimeProvider.System, CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join(" ", outcome.Problems.Select(p => p.Message)));
        return outcome.Value!.Rule.Id;
    }

    private static Task<LabellingRule> RuleAsync(TestDatabase database, int id) => database.NewContext().LabellingRules.AsNoTracking().SingleAsync(r => r.Id == id);
}
