using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.WeakSupervision;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.Tests.WeakSupervision;

/// <summary>A project's rules leave as a package and come back into another project, labels matched by name.</summary>
public sealed class RuleTransferTests
{
    [Fact]
    public async Task Rules_exported_and_imported_into_another_project_come_back_the_same_with_labels_matched_by_name()
    {
        await using var database = await TestDatabase.CreateAsync();
        var source = await database.CreateProjectAsync(false, "spam", "ham", "phishing");
        var documents = await LabellingRulesTests.AddDocumentsAsync(database, source.Id, "verify your account now");
        var time = TimeProvider.System;
        foreach (var rule in new[]
        {
            new NewRule { Name = "prizes", Label = "spam", Kind = "keywords", Terms = ["win*", "free cruise"], Match = "all", CaseSensitive = true },
            new NewRule { Name = "amounts", Label = "spam", Kind = "regex", Pattern = "\\$\\d+", Enabled = false, Note = "too broad" },
            new NewRule { Name = "like phishing", Label = "phishing", Kind = "similar", Examples = ["confirm your password"], ExampleDocumentIds = [documents[0]], Threshold = 0.7 },
            new NewRule { Name = "desk", Label = "ham", Kind = "metadata", MetaField = "source", MetaValue = "helpdesk" },
        })
        {
            Assert.True((await LabellingRules.AddAsync(database.NewContext(), source.Id, rule, "ana", null, time, CancellationToken.None)).Succeeded);
        }

        var package = (await RuleTransfer.ExportAsync(database.NewContext(), source.Id, CancellationToken.None)).Value!;

        // Through JSON, as it travels; the example document travels as its text.
        package = JsonSerializer.Deserialize<RulePackage>(JsonSerializer.Serialize(package))!;
        Assert.Equal((1, 4), (package.Format, package.Rules.Count));
        Assert.Equal(["confirm your password", "verify your account now"], package.Rules[2].Examples);
        Assert.Empty(package.Rules[2].ExampleDocumentIds);

        // The target has the labels in another case and order, and no "phishing".
        var target = await database.CreateProjectAsync(false, "Ham", "SPAM");
        var imported = await RuleTransfer.ImportAsync(database.NewContext(), target.Id, package, "bo", null, time, CancellationToken.None);
        Assert.True(imported.Succeeded, string.Join(" ", imported.Problems.Select(p => p.Message)));
        Assert.Equal(4, imported.Value!.Added);
        var note = Assert.Single(imported.Value.SwitchedOff);
        Assert.Equal(("like phishing", "phishing", "The label 'phishing' is not among this project's labels: choose one and switch the rule back on."), (note.Name, note.Label, note.Reason));

        var rules = (await LabellingRules.ListAsync(database.NewContext(), target.Id, CancellationToken.None)).Value!;
        Assert.Equal(["prizes", "amounts", "like phishing", "desk"], rules.Select(r => r.Rule.Name));
        Assert.Equal(["SPAM", "SPAM", "phishing", "Ham"], rules.Select(r => r.Label));
        Assert.Equal([true, false, false, true], rules.Select(r => r.Rule.Enabled));
        Assert.All(rules, r => Assert.Equal((1, "bo"), (r.Rule.Version, r.Rule.CreatedBy)));
        Assert.Equal((RuleMatch.All, true), (rules[0].Rule.Match, rules[0].Rule.CaseSensitive));
        Assert.Equal(["win*", "free cruise"], rules[0].Rule.Terms);
        Assert.Equal(("\\$\\d+", "too broad"), (rules[1].Rule.Pattern, rules[1].Rule.Note));
        Assert.Equal(((int?)null, (double?)0.7), (rules[2].Rule.LabelId, rules[2].Rule.Threshold));
        Assert.Equal("The label 'phishing' is not among this project's labels: choose one and switch the rule back on.", rules[2].Rule.Note);
        Assert.Equal(("source", "helpdesk"), (rules[3].Rule.MetaField, rules[3].Rule.MetaValue));

        // The same definitions, labels aside, as the source's (what the algorithms would read).
        var before = await LabellingRules.EnabledAsync(database.NewContext(), source.Id, CancellationToken.None);
        var after = await LabellingRules.EnabledAsync(database.NewContext(), target.Id, CancellationToken.None);
        Assert.Equal(before.Where(r => r.Definition.Label != "phishing").Select(r => Shape(r.Definition)), after.Select(r => Shape(r.Definition)));
    }

    [Fact]
    public async Task An_import_is_all_or_nothing_and_names_the_rule_at_fault()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        Assert.True((await LabellingRules.AddAsync(database.NewContext(), project.Id, new NewRule { Name = "prizes", Label = "spam", Kind = "keywords", Terms = ["win"] }, "ana", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        var package = new RulePackage(1,
        [
            new RuleSnapshot { Name = "fine", Label = "ham", Kind = "keywords", Terms = ["lunch"] },
            new RuleSnapshot { Name = "broken", Label = "spam", Kind = "regex", Pattern = "(" },
            new RuleSnapshot { Name = "Prizes", Label = "spam", Kind = "keywords", Terms = ["cruise"] },
        ]);

        var outcome = await RuleTransfer.ImportAsync(database.NewContext(), project.Id, package, "bo", null, TimeProvider.System, CancellationToken.None);
        Assert.Equal(["rules[1].pattern", "rules[2].name"], outcome.Problems.Select(p => p.Field));
        Assert.Equal(1, await database.NewContext().LabellingRules.CountAsync());

        var future = await RuleTransfer.ImportAsync(database.NewContext(), project.Id, package with { Format = 2 }, "bo", null, TimeProvider.System, CancellationToken.None);
        Assert.Equal((ProblemKind.Invalid, "format"), (future.Problems[0].Kind, future.Problems[0].Field));
    }

    private static string Shape(RuleDefinition d) =>
        $"{d.Name}|{d.Label.ToUpperInvariant()}|{d.Kind}|{string.Join(",", d.Terms)}|{d.Match}|{d.CaseSensitive}|{d.Pattern}|{string.Join(",", d.Examples)}|{d.Threshold}|{d.MetaField}|{d.MetaValue}";
}
