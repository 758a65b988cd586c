using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Documents;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.WeakSupervision;
using Tagloop.Learning.WeakSupervision;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.WeakSupervision;

/// <summary>Writing, checking, versioning and reading back a project's labelling rules.</summary>
public class LabellingRulesTests
{
    /// <summary>The database these tests run on; a derived class runs them all again on PostgreSQL.</summary>
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    [Fact]
    public async Task Every_kind_is_checked_and_each_problem_names_its_field_and_value()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var documents = await AddDocumentsAsync(database, project.Id, "first", "second");
        async Task<IReadOnlyList<Problem>> ProblemsAsync(NewRule rule)
        {
            var outcome = await LabellingRules.AddAsync(database.Db, project.Id, rule, "ana", null, TimeProvider.System, CancellationToken.None);
            Assert.False(outcome.Succeeded);
            return outcome.Problems;
        }

        async Task<Problem> OneAsync(NewRule rule) => Assert.Single(await ProblemsAsync(rule));

        var keywords = new NewRule { Name = "refund words", Label = "spam", Kind = "keywords", Terms = ["refund"] };
        var problem = await OneAsync(keywords with { Kind = "magic" });
        Assert.Equal(("kind", "'magic' is not a kind of rule; use keywords, regex, similar, label-description, metadata."), (problem.Field, problem.Message));
        Assert.Equal("kind", (await OneAsync(keywords with { Kind = null })).Field);

        problem = await OneAsync(keywords with { Label = "eggs" });
        Assert.Equal(("label", "The project has no label 'eggs'; its labels are 'spam', 'ham'."), (problem.Field, problem.Message));
        Assert.Equal("label", (await OneAsync(keywords with { Label = null })).Field);
        Assert.Equal("name", (await OneAsync(keywords with { Name = "  " })).Field);
        problem = await OneAsync(keywords with { Name = new string('n', 101) });
        Assert.Equal(("name", "The name has 101 characters; at most 100."), (problem.Field, problem.Message));

        Assert.Equal("terms", (await OneAsync(keywords with { Terms = [] })).Field);
        problem = await OneAsync(keywords with { Terms = ["refund", " "] });
        Assert.Equal(("terms[1]", "Term 2 is blank; every term needs a word."), (problem.Field, problem.Message));
        problem = await OneAsync(keywords with { Terms = ["refund", new string('x', 201)] });
        Assert.Equal("terms[1]", problem.Field);
        Assert.Contains("has 201 characters; at most 200", problem.Message, StringComparison.Ordinal);
        problem = await OneAsync(keywords with { Terms = [.. Enumerable.Range(0, 501).Select(i => $"t{i}")] });
        Assert.Equal(("terms", "501 terms in one rule; at most 500."), (problem.Field, problem.Message));
        problem = await OneAsync(keywords with { Match = "most" });
        Assert.Equal(("match", "'most' is not a match; use any (one term is enough) or all (every term)."), (problem.Field, problem.Message));

        var regex = new NewRule { Name = "amounts", Label = "spam", Kind = "regex", Pattern = "\\$\\d+" };
        problem = await OneAsync(regex with { Pattern = "refund(s" });
        Assert.Equal("pattern", problem.Field);
        Assert.StartsWith("The pattern 'refund(s' is not a valid .NET regular expression: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Not enough )'s", problem.Message, StringComparison.Ordinal);
        Assert.Equal("pattern", (await OneAsync(regex with { Pattern = null })).Field);
        problem = await OneAsync(regex with { Pattern = new string('a', 2001) });
        Assert.Equal(("pattern", "The pattern has 2,001 characters; at most 2,000."), (problem.Field, problem.Message));

        var similar = new NewRule { Name = "like these", Label = "ham", Kind = "similar", Examples = ["see you at lunch"] };
        Assert.Equal("examples", (await OneAsync(similar with { Examples = [] })).Field);
        problem = await OneAsync(similar with { Examples = [.. Enumerable.Range(0, 49).Select(i => $"text {i}")], ExampleDocumentIds = documents });
        Assert.Equal(("examples", "51 examples (49 texts, 2 documents); at most 50."), (problem.Field, problem.Message));
        problem = await OneAsync(similar with { ExampleDocumentIds = [documents[0], 987654321] });
        Assert.Equal(("exampleDocumentIds", $"Project {project.Id} has no document 987654321."), (problem.Field, problem.Message));
        problem = await OneAsync(similar with { Threshold = 1.5 });
        Assert.Equal(("threshold", "The threshold 1.5 is out of range: give a cosine similarity above 0 and at most 1, e.g. 0.6."), (problem.Field, problem.Message));
        Assert.Equal("threshold", (await OneAsync(similar with { Threshold = 0 })).Field);

        problem = await OneAsync(new NewRule { Name = "like spam", Label = "spam", Kind = "label-description" });
        Assert.Equal("label", problem.Field);
        Assert.StartsWith("Label 'spam' has no description", problem.Message, StringComparison.Ordinal);

        var metadata = new NewRule { Name = "helpdesk", Label = "ham", Kind = "metadata", MetaField = "source", MetaValue = "helpdesk" };
        Assert.Equal("metaField", (await OneAsync(metadata with { MetaField = " " })).Field);
        Assert.Equal("metaValue", (await OneAsync(metadata with { MetaValue = null })).Field);
        Assert.Equal("note", (await OneAsync(metadata with { Note = new string('n', 1001) })).Field);

        // Several problems at once, each under its field; nothing was written.
        var many = await ProblemsAsync(new NewRule { Name = "", Label = "eggs", Kind = "regex", Pattern = "(" });
        Assert.Equal(["label", "name", "pattern"], many.Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.Empty(await database.NewContext().LabellingRules.ToListAsync());

        // The good ones, one of each kind; a name differing only in case is taken.
        foreach (var rule in new[] { keywords, regex, similar with { ExampleDocumentIds = [documents[1]] }, metadata })
        {
            Assert.True((await LabellingRules.AddAsync(database.Db, project.Id, rule, "ana", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        }

        problem = await OneAsync(keywords with { Name = "REFUND words" });
        Assert.Equal(("name", "The project already has a rule named 'refund words'; choose another name."), (problem.Field, problem.Message));
    }

    [Fact]
    public async Task A_rule_keeps_only_its_kind_s_fields_and_fills_in_what_was_left_out()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var added = await LabellingRules.AddAsync(database.Db, project.Id,
            new NewRule { Name = " near ", Label = "HAM", Kind = "Similar", Examples = [" lunch at noon "], Terms = ["ignored"], Pattern = "x", MetaField = "f" },
            "ana", null, TimeProvider.System, CancellationToken.None);
        var rule = added.Value!.Rule;
        Assert.Equal(("near", "ham", RuleKind.Similar, (double?)LabellingRules.DefaultThreshold, true, 1), (rule.Name, added.Value.Label, rule.Kind, rule.Threshold, rule.Enabled, rule.Version));
        Assert.Equal(["lunch at noon"], rule.Examples);
        Assert.Empty(rule.Terms);
        Assert.Equal((null, null), (rule.Pattern, rule.MetaField));

        // Read back from the database, the same.
        var stored = await database.NewContext().LabellingRules.SingleAsync(r => r.Id == rule.Id);
        Assert.Equal((RuleKind.Similar, RuleMatch.Any, (double?)0.5, "ham"), (stored.Kind, stored.Match, stored.Threshold, stored.LabelName));
        Assert.Equal(["lunch at noon"], stored.Examples);
    }

    [Fact]
    public async Task Each_change_makes_the_next_version_and_the_history_keeps_every_one_whole()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var time = TimeProvider.System;
        var id = (await LabellingRules.AddAsync(database.Db, project.Id, new NewRule { Name = "refunds", Label = "spam", Kind = "keywords", Terms = ["refund"] }, "ana", null, time, CancellationToken.None)).Value!.Rule.Id;

        var changed = await LabellingRules.UpdateAsync(database.NewContext(), project.Id, id, new RuleUpdate { Terms = ["refund", "money back"], Match = "all", Version = 1 }, "bo", null, time, CancellationToken.None);
        Assert.Equal((2, "bo", "ana"), (changed.Value!.Rule.Version, changed.Value.Rule.UpdatedBy, changed.Value.Rule.CreatedBy));

        // The same again changes nothing and makes no version; switching off with a note does.
        Assert.Equal(2, (await LabellingRules.UpdateAsync(database.NewContext(), project.Id, id, new RuleUpdate { Match = "ALL" }, "bo", null, time, CancellationToken.None)).Value!.Rule.Version);
        var off = (await LabellingRules.UpdateAsync(database.NewContext(), project.Id, id, new RuleUpdate { Enabled = false, Note = "too many false hits" }, "cy", null, time, CancellationToken.None)).Value!.Rule;
        Assert.Equal((3, false, "too many false hits"), (off.Version, off.Enabled, off.Note));

        // Written against version 2, a change is refused now and says which version stands; nothing changes.
        var stale = await LabellingRules.UpdateAsync(database.NewContext(), project.Id, id, new RuleUpdate { Name = "refund terms", Version = 2 }, "bo", null, time, CancellationToken.None);
        var conflict = Assert.Single(stale.Problems);
        Assert.Equal((ProblemKind.Conflict, "version"), (conflict.Kind, conflict.Field));
        Assert.StartsWith("Rule 'refunds' is at version 3, not 2", conflict.Message, StringComparison.Ordinal);

        // Switched on again: the note goes. Another kind keeps only its own fields.
        var on = (await LabellingRules.UpdateAsync(database.NewContext(), project.Id, id, new RuleUpdate { Enabled = true, Kind = "regex", Pattern = "refund(ed)?" }, "ana", null, time, CancellationToken.None)).Value!.Rule;
        Assert.Equal((4, true, null, RuleKind.Regex), (on.Version, on.Enabled, on.Note, on.Kind));
        Assert.Empty(on.Terms);

        var history = (await LabellingRules.VersionsAsync(database.NewContext(), project.Id, id, CancellationToken.None)).Value!;
        Assert.Equal([4, 3, 2, 1], history.Select(h => h.Version));
        Assert.Equal(["ana", "cy", "bo", "ana"], history.Select(h => h.Author));
        Assert.Equal(["Switched on. Changed kind, terms, match, pattern, note.", "Switched off. Changed note.", "Changed terms, match.", "Added."], history.Select(h => h.Summary));
        Assert.Equal(["refund", "money back"], history[2].Rule.Terms);
        Assert.Equal(("all", "keywords", "spam"), (history[2].Rule.Match, history[2].Rule.Kind, history[2].Rule.Label));
        Assert.Equal(["refund"], history[3].Rule.Terms);
        Assert.Equal(("any", true), (history[3].Rule.Match, history[3].Rule.Enabled));
        Assert.Equal(("regex", "refund(ed)?"), (history[0].Rule.Kind, history[0].Rule.Pattern));

        // Unknown rules and projects are 404s; a rule removed takes its history with it.
        Assert.Equal(ProblemKind.NotFound, (await LabellingRules.UpdateAsync(database.NewContext(), project.Id + 1, id, new RuleUpdate { Name = "x" }, "ana", null, time, CancellationToken.None)).Problems[0].Kind);
        Assert.True((await LabellingRules.RemoveAsync(database.NewContext(), project.Id, id, "ana", null, time, CancellationToken.None)).Succeeded);
        Assert.Equal(ProblemKind.NotFound, (await LabellingRules.VersionsAsync(database.NewContext(), project.Id, id, CancellationToken.None)).Problems[0].Kind);
        Assert.Empty(await database.NewContext().LabellingRuleVersions.ToListAsync());
        var audit = await database.NewContext().AuditEvents.Where(e => e.Action.StartsWith("rule-")).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal(["rule-added", "rule-changed", "rule-changed", "rule-changed", "rule-deleted"], audit);
    }

    [Fact]
    public async Task Two_edits_of_the_same_version_cannot_both_commit()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var id = (await LabellingRules.AddAsync(database.Db, project.Id, new NewRule { Name = "refunds", Label = "spam", Kind = "keywords", Terms = ["refund"] }, "ana", null, TimeProvider.System, CancellationToken.None)).Value!.Rule.Id;

        // Both read version 1 (the first is held at the moment of saving while the second commits in between).
        var first = database.NewContext();
        var rule = await first.LabellingRules.SingleAsync(r => r.Id == id);
        Assert.True((await LabellingRules.UpdateAsync(database.NewContext(), project.Id, id, new RuleUpdate { Terms = ["refunded"] }, "bo", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        rule.Version++;
        rule.Terms = ["refund", "chargeback"];
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());
        Assert.Equal(["refunded"], (await database.NewContext().LabellingRules.SingleAsync(r => r.Id == id)).Terms);
    }

    [Fact]
    public async Task The_switched_on_rules_become_definitions_with_label_names_and_example_texts()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var documents = await AddDocumentsAsync(database, project.Id, "win a free cruise", "minutes of the meeting");
        var time = TimeProvider.System;
        async Task<int> AddAsync(NewRule rule) => (await LabellingRules.AddAsync(database.NewContext(), project.Id, rule, "ana", null, time, CancellationToken.None)).Value!.Rule.Id;

        await AddAsync(new NewRule { Name = "prizes", Label = "spam", Kind = "keywords", Terms = ["win*", "free"], Match = "all", CaseSensitive = true });
        await AddAsync(new NewRule { Name = "off", Label = "spam", Kind = "regex", Pattern = "x", Enabled = false });
        var similar = await AddAsync(new NewRule { Name = "like minutes", Label = "ham", Kind = "similar", Examples = ["agenda"], ExampleDocumentIds = [documents[1], documents[0]], Threshold = 0.8 });
        await AddAsync(new NewRule { Name = "desk", Label = "ham", Kind = "metadata", MetaField = "source", MetaValue = "helpdesk" });
        var byDocument = await AddAsync(new NewRule { Name = "like the cruise", Label = "spam", Kind = "similar", ExampleDocumentIds = [documents[0]] });

        // A renamed label is followed; a deleted example document is passed over, and a rule left with none is left out.
        Assert.True((await new TaxonomyEditor(database.NewContext(), time).EditAsync(project.Id, project.Labels.Single(l => l.Name == "ham").Id, "ana", new LabelUpdate(Name: "mail"), CancellationToken.None)).Succeeded);
        await database.NewContext().Documents.Where(d => d.Id == documents[0]).ExecuteDeleteAsync();

        var enabled = await LabellingRules.EnabledAsync(database.NewContext(), project.Id, CancellationToken.None);
        Assert.Equal(["prizes", "like minutes", "desk"], enabled.Select(r => r.Definition.Name));
        Assert.DoesNotContain(enabled, r => r.Id == byDocument);
        var prizes = enabled[0].Definition;
        Assert.Equal(("spam", RuleKind.Keywords, RuleMatch.All, true), (prizes.Label, prizes.Kind, prizes.Match, prizes.CaseSensitive));
        Assert.Equal(["win*", "free"], prizes.Terms);
        var minutes = enabled.Single(r => r.Id == similar).Definition;
        Assert.Equal(("mail", (double?)0.8), (minutes.Label, minutes.Threshold));
        Assert.Equal(["agenda", "minutes of the meeting"], minutes.Examples);
        Assert.Equal(("mail", "source", "helpdesk"), (enabled[2].Definition.Label, enabled[2].Definition.MetaField, enabled[2].Definition.MetaValue));
        Assert.Equal(enabled.Select(r => r.Definition.Name), (await LabellingRules.DefinitionsAsync(database.NewContext(), project.Id, CancellationToken.None)).Select(d => d.Name));
    }

    [Fact]
    public async Task A_project_holds_at_most_500_rules()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var now = TimeProvider.System.GetUtcNow();
        database.Db.LabellingRules.AddRange(Enumerable.Range(0, LabellingRules.MaxPerProject).Select(i => new LabellingRule
        {
            ProjectId = project.Id,
            Name = $"rule {i}",
            LabelId = project.Labels[0].Id,
            LabelName = project.Labels[0].Name,
            Kind = RuleKind.Keywords,
            Terms = [$"word{i}"],
            Version = 1,
            CreatedBy = "ana",
            CreatedAt = now,
            UpdatedBy = "ana",
            UpdatedAt = now,
        }));
        await database.Db.SaveChangesAsync();

        var outcome = await LabellingRules.AddAsync(database.NewContext(), project.Id, new NewRule { Name = "one more", Label = "spam", Kind = "keywords", Terms = ["more"] }, "ana", null, TimeProvider.System, CancellationToken.None);
        Assert.Equal((ProblemKind.Conflict, "The project has 500 rules already; remove some first."), (outcome.Problems[0].Kind, outcome.Problems[0].Message));
    }

    internal static async Task<long[]> AddDocumentsAsync(TestDatabase database, int projectId, params string[] texts)
    {
        var documents = texts.Select(t =>
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t));
            return new Document { ProjectId = projectId, Text = t, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) };
        }).ToList();
        var db = database.NewContext();
        db.Documents.AddRange(documents);
        await db.SaveChangesAsync();
        return [.. documents.Select(d => d.Id)];
    }
}
