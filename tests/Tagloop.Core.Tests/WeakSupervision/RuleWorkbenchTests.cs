using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Review;
using Tagloop.Core.Training;
using Tagloop.Core.WeakSupervision;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.Tests.WeakSupervision;

/// <summary>
/// Rules tried out over a project's documents: figures against the labels so far worked out by hand, the cache that
/// applies an edited rule alone, a runaway pattern reported instead of thrown, and new documents seen at once.
/// </summary>
public sealed class RuleWorkbenchTests
{
    private static readonly string[] Texts =
    [
        "win a free prize now",          // d1: free, prize
        "free lunch at the meeting",     // d2: free, meeting, lunch
        "meeting moved to noon",         // d3: meeting
        "claim your prize money",        // d4: prize, claim
        "lunch menu for friday",         // d5: lunch
        "free money, claim now",         // d6: free, claim
        "agenda for the meeting",        // d7: meeting
        "hello there",                   // d8
    ];

    [Fact]
    public async Task Figures_match_the_hand_count_over_answers_majorities_and_a_reviewer_decision()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (project, d) = await MailProjectAsync(database);
        var workbench = new RuleWorkbench();

        var analysis = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;

        // Labels so far: d1 spam, d2 ham, d3 ham, d4 spam (a tie settled by a reviewer), d6 ham, d7 ham (two of three),
        // d8 ham; d5 was only skipped.
        Assert.Equal((8, 7), (analysis.Documents, analysis.Answered));

        // Switched on: free → spam (d1 d2 d6), prize → spam (d1 d4), meeting → ham (d2 d3 d7). Covered: d1 d2 d3 d4 d6 d7;
        // two votes on d1 and d2; different labels on d2.
        Assert.Equal((6 / 8.0, 2 / 8.0, 1 / 8.0), (analysis.Totals.Coverage, analysis.Totals.Overlap, analysis.Totals.Conflict));

        var byName = analysis.Rules.ToDictionary(r => r.Name);
        Assert.Equal(["free", "prize", "meeting", "lunch"], analysis.Rules.Select(r => r.Name));

        // free: right on d1, wrong on d2 and d6; another rule also votes on d1 (prize) and d2 (meeting, against it).
        var free = byName["free"];
        Assert.Equal((true, 3, 3 / 8.0, 2 / 3.0, 1 / 3.0, 3, 1), (free.Enabled, free.Hits, free.Coverage, free.Overlaps, free.Conflicts, free.Answered, free.Correct));
        Assert.Equal(["spam"], free.Polarity);
        Assert.Equal(1 / 3.0, free.Accuracy!.Value, 12);

        // Wilson's 95% interval for 1 of 3 is 0.0615–0.7923 (Newcombe 1998, table I's method 3 at n = 3).
        Assert.Equal((0.0615, 0.7923), (Math.Round(free.AccuracyLow!.Value, 4), Math.Round(free.AccuracyHigh!.Value, 4)));

        // prize: d1 with free (same label) and d4, whose tie a reviewer settled as spam: 2 of 2, interval 0.3424–1.
        var prize = byName["prize"];
        Assert.Equal((2, 0.25, 0.5, 0.0, 2, 2, (double?)1.0), (prize.Hits, prize.Coverage, prize.Overlaps, prize.Conflicts, prize.Answered, prize.Correct, prize.Accuracy));
        Assert.Equal((0.3424, (double?)1.0), (Math.Round(prize.AccuracyLow!.Value, 4), prize.AccuracyHigh));

        // meeting: d2 (ham), d3, d7 (ham by two of three): 3 of 3, interval 0.4385–1; conflicts with free on d2.
        var meeting = byName["meeting"];
        Assert.Equal((3, 1 / 3.0, 1 / 3.0, 3, 3), (meeting.Hits, meeting.Overlaps, meeting.Conflicts, meeting.Answered, meeting.Correct));
        Assert.Equal(0.4385, Math.Round(meeting.AccuracyLow!.Value, 4));

        // lunch is off: measured all the same (d2 with free and meeting, d5 unanswered), against the switched-on rules only.
        var lunch = byName["lunch"];
        Assert.Equal((false, 2, 0.5, 0.5, 1, 1, (string?)null), (lunch.Enabled, lunch.Hits, lunch.Overlaps, lunch.Conflicts, lunch.Answered, lunch.Correct, lunch.Error));

        // The label model is chosen on the six answered documents with a vote; majority vote scores 4.5 of 6 there (a
        // tie on d2 counts a half), and the choice is never worse.
        Assert.Contains(analysis.LabelModel.Name, LabelModelCatalog.Names);
        Assert.Equal(0.75, analysis.LabelModel.Coverage);
        Assert.StartsWith("auto: ", analysis.LabelModel.Choice, StringComparison.Ordinal);
        Assert.Contains("6 answered documents with a vote", analysis.LabelModel.Choice, StringComparison.Ordinal);
        Assert.True(analysis.LabelModel.Accuracy >= 0.75, $"{analysis.LabelModel.Accuracy}");

        // A draft: claim → spam hits d4 (spam) and d6 (ham); prize and free vote there too, with the same label.
        var preview = (await workbench.PreviewAsync(database.NewContext(), project, new NewRule { Label = "spam", Kind = "keywords", Terms = ["claim"] }, 2, 1, null, CancellationToken.None)).Value!;
        Assert.Equal((8, 2, 0.25, 2, 1, (double?)0.5, 1.0, 0.0, (string?)null), (preview.Documents, preview.Hits, preview.Coverage, preview.Answered, preview.Correct, preview.Accuracy, preview.Overlaps, preview.Conflicts, preview.Error));
        Assert.Equal((2, 1), (preview.Page, preview.PageSize));
        Assert.Equal([new RuleHit(d[5], "free money, claim now", "ham")], preview.HitsPage);

        // Editing free: as a draft of rule free, free's own votes are no overlap.
        var edit = (await workbench.PreviewAsync(database.NewContext(), project, new NewRule { Label = "spam", Kind = "keywords", Terms = ["free"] }, 1, 20, byName["free"].Id, CancellationToken.None)).Value!;
        Assert.Equal((3, 2 / 3.0, 1 / 3.0), (edit.Hits, edit.Overlaps, edit.Conflicts));
        Assert.Equal([d[0], d[1], d[5]], edit.HitsPage.Select(h => h.DocumentId));
        Assert.Equal(["spam", "ham", "ham"], edit.HitsPage.Select(h => h.Answer));

        var hits = (await workbench.HitsAsync(database.NewContext(), project, meeting.Id, 1, 2, null, CancellationToken.None)).Value!;
        Assert.Equal((3, 1, 2), (hits.Total, hits.Page, hits.PageSize));
        Assert.Equal([new RuleHit(d[1], Texts[1], "ham"), new RuleHit(d[2], Texts[2], "ham")], hits.HitsPage);
    }

    [Fact]
    public async Task An_annotator_is_measured_against_their_own_answers_only()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (project, d) = await MailProjectAsync(database);
        var workbench = new RuleWorkbench();

        // bob answered d4 (ham) and d7 (ham) only.
        var analysis = (await workbench.AnalyseAsync(database.NewContext(), project, "bob", CancellationToken.None)).Value!;
        Assert.Equal(2, analysis.Answered);
        var prize = analysis.Rules.Single(r => r.Name == "prize");
        Assert.Equal((1, 0, (double?)0.0), (prize.Answered, prize.Correct, prize.Accuracy));
        var hits = (await workbench.HitsAsync(database.NewContext(), project, prize.Id, 1, 20, "bob", CancellationToken.None)).Value!;
        Assert.Equal([(d[0], (string?)null), (d[3], "ham")], hits.HitsPage.Select(h => (h.DocumentId, h.Answer)));
    }

    [Fact]
    public async Task An_edited_rule_is_applied_again_alone_and_nothing_is_applied_when_nothing_changed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (project, d) = await MailProjectAsync(database);
        var workbench = new RuleWorkbench();
        var first = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;
        Assert.Equal(4, workbench.RulesApplied);

        // Asked again, and previews and hits meanwhile: no rule applied again.
        await workbench.PreviewAsync(database.NewContext(), project, new NewRule { Label = "spam", Kind = "keywords", Terms = ["claim"] }, 1, 20, null, CancellationToken.None);
        await workbench.HitsAsync(database.NewContext(), project, first.Rules[0].Id, 1, 20, null, CancellationToken.None);
        var again = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;
        Assert.Equal(4, workbench.RulesApplied);
        Assert.Equal(first.Rules.Select(r => r with { Polarity = [] }), again.Rules.Select(r => r with { Polarity = [] }));
        Assert.Equal(first.LabelModel, again.LabelModel);

        // A new answer changes the labels, not the votes: nothing is applied, the label model is chosen again (d6 is now a tie).
        Assert.True((await new AnnotationRecorder(database.NewContext(), TimeProvider.System).RecordAsync(project, "carl", new NewAnnotation(d[5], ["spam"]), CancellationToken.None)).Succeeded);
        var answered = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;
        Assert.Equal((4, 6), (workbench.RulesApplied, answered.Answered));
        Assert.Contains("5 answered documents with a vote", answered.LabelModel.Choice, StringComparison.Ordinal);

        // prize now also takes lunch: only it runs again; its figures and the totals follow (d5 is now covered, d2 has three votes).
        var prizeId = first.Rules.Single(r => r.Name == "prize").Id;
        Assert.True((await LabellingRules.UpdateAsync(database.NewContext(), project, prizeId, new RuleUpdate { Terms = ["prize", "lunch"] }, "rita", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        var edited = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;
        Assert.Equal(5, workbench.RulesApplied);
        var prize = edited.Rules.Single(r => r.Id == prizeId);
        Assert.Equal((4, 3, 2), (prize.Hits, prize.Answered, prize.Correct));
        Assert.Equal((7 / 8.0, 2 / 8.0, 1 / 8.0), (edited.Totals.Coverage, edited.Totals.Overlap, edited.Totals.Conflict));
        Assert.Equal(first.Rules.Where(r => r.Id != prizeId).Select(r => (r.Id, r.Hits)), edited.Rules.Where(r => r.Id != prizeId).Select(r => (r.Id, r.Hits)));

        // Switching lunch on is a new version of lunch alone.
        var lunchId = first.Rules.Single(r => r.Name == "lunch").Id;
        Assert.True((await LabellingRules.UpdateAsync(database.NewContext(), project, lunchId, new RuleUpdate { Enabled = true }, "rita", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        var switched = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;
        Assert.Equal(6, workbench.RulesApplied);
        Assert.True(switched.Rules.Single(r => r.Id == lunchId).Enabled);

        // A renamed label changes what the rules vote by name: every rule is applied again.
        var ham = await database.NewContext().Labels.SingleAsync(l => l.ProjectId == project && l.Name == "ham");
        Assert.True((await new Tagloop.Core.Taxonomy.TaxonomyEditor(database.NewContext(), TimeProvider.System).EditAsync(project, ham.Id, "olivia", new Tagloop.Core.Taxonomy.LabelUpdate(Name: "mail"), CancellationToken.None)).Succeeded);
        var renamed = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;
        Assert.Equal(10, workbench.RulesApplied);
        Assert.Equal("mail", renamed.Rules.Single(r => r.Name == "meeting").Label);
    }

    [Fact]
    public async Task A_new_document_appears_in_the_next_preview_and_a_deleted_one_leaves()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (project, d) = await MailProjectAsync(database);
        var workbench = new RuleWorkbench();
        var draft = new NewRule { Label = "spam", Kind = "keywords", Terms = ["claim"] };
        Assert.Equal([d[3], d[5]], (await workbench.PreviewAsync(database.NewContext(), project, draft, 1, 20, null, CancellationToken.None)).Value!.HitsPage.Select(h => h.DocumentId));

        var added = await LabellingRulesTests.AddDocumentsAsync(database, project, "claim the last prize");
        var preview = (await workbench.PreviewAsync(database.NewContext(), project, draft, 1, 20, null, CancellationToken.None)).Value!;
        Assert.Equal((9, 3), (preview.Documents, preview.Hits));
        Assert.Equal([d[3], d[5], added[0]], preview.HitsPage.Select(h => h.DocumentId));
        Assert.Null(preview.HitsPage[2].Answer);

        // The saved rules see it too: prize now votes on three documents.
        var analysis = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;
        Assert.Equal(3, analysis.Rules.Single(r => r.Name == "prize").Hits);

        await database.NewContext().Documents.Where(x => x.Id == d[5]).ExecuteDeleteAsync();
        preview = (await workbench.PreviewAsync(database.NewContext(), project, draft, 1, 20, null, CancellationToken.None)).Value!;
        Assert.Equal([d[3], added[0]], preview.HitsPage.Select(h => h.DocumentId));
        Assert.Equal(8, preview.Documents);
    }

    [Fact]
    public async Task A_runaway_pattern_is_an_error_naming_the_document_not_an_exception()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var documents = await LabellingRulesTests.AddDocumentsAsync(database, project.Id, "a short note", new string('a', 40) + "!", "another note");
        var workbench = new RuleWorkbench(options: new RuleSetOptions { RegexTimeout = TimeSpan.FromMilliseconds(50) });

        // Nested repetition over 40 letters that cannot end the match: exponential backtracking (the lookahead keeps
        // the pattern on the backtracking engine).
        var runaway = new NewRule { Name = "runaway", Label = "spam", Kind = "regex", Pattern = "(?=a)(a+)+b" };
        var preview = (await workbench.PreviewAsync(database.NewContext(), project.Id, runaway, 1, 20, null, CancellationToken.None)).Value!;
        Assert.Equal((0, 0.0), (preview.Hits, preview.Coverage));
        Assert.Empty(preview.HitsPage);
        Assert.StartsWith("The regular expression '(?=a)(a+)+b' ran over 50 ms on document " + documents[1] + " and was stopped", preview.Error, StringComparison.Ordinal);

        // Saved, it is listed with the same error and votes nowhere; the other rules run.
        Assert.True((await LabellingRules.AddAsync(database.NewContext(), project.Id, runaway, "rita", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        Assert.True((await LabellingRules.AddAsync(database.NewContext(), project.Id, new NewRule { Name = "notes", Label = "ham", Kind = "regex", Pattern = "not[e]" }, "rita", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        var analysis = (await workbench.AnalyseAsync(database.NewContext(), project.Id, null, CancellationToken.None)).Value!;
        Assert.Equal(preview.Error, analysis.Rules[0].Error);
        Assert.Equal((0, (string?)null, 2), (analysis.Rules[0].Hits, analysis.Rules[1].Error, analysis.Rules[1].Hits));
        Assert.Equal(2 / 3.0, analysis.Totals.Coverage);
    }

    [Fact]
    public async Task Metadata_values_are_read_as_text_and_a_similarity_rule_without_vectors_says_why()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var ids = await LabellingRulesTests.AddDocumentsAsync(database, project.Id, "one", "two", "three");
        var db = database.NewContext();
        var documents = await db.Documents.Where(x => x.ProjectId == project.Id).OrderBy(x => x.Id).ToListAsync();
        documents[0].MetaJson = """{"priority": 2, "urgent": true, "source": "Helpdesk"}""";
        documents[1].MetaJson = """{"priority": 2.0, "urgent": "true", "tags": ["a"]}""";
        documents[2].MetaJson = "not json";
        await db.SaveChangesAsync();
        var workbench = new RuleWorkbench();

        async Task<IEnumerable<long>> HitsAsync(string field, string value) =>
            (await workbench.PreviewAsync(database.NewContext(), project.Id, new NewRule { Label = "ham", Kind = "metadata", MetaField = field, MetaValue = value }, 1, 20, null, CancellationToken.None))
                .Value!.HitsPage.Select(h => h.DocumentId);

        // Numbers and booleans in their JSON spelling, strings as they are; compared exactly.
        Assert.Equal([ids[0]], await HitsAsync("priority", "2"));
        Assert.Equal([ids[1]], await HitsAsync("priority", "2.0"));
        Assert.Equal([ids[0], ids[1]], await HitsAsync("urgent", "true"));
        Assert.Empty(await HitsAsync("source", "helpdesk"));
        Assert.Empty(await HitsAsync("tags", "a"));

        // The project reads words only (tfidf): a similarity rule cannot run, and the preview says so.
        await database.NewContext().Projects.Where(p => p.Id == project.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Encoder, "tfidf"));
        var similar = (await workbench.PreviewAsync(database.NewContext(), project.Id, new NewRule { Label = "ham", Kind = "similar", Examples = ["two"] }, 1, 20, null, CancellationToken.None)).Value!;
        Assert.Equal(0, similar.Hits);
        Assert.StartsWith("The project reads documents with tfidf, which gives no sentence vectors", similar.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Similarity_rules_read_the_stored_sentence_vectors_and_a_document_without_one_is_not_matched()
    {
        string[] texts =
        [
            "The kitten is asleep on the warm sofa.",
            "Our dog barks at the postman every morning.",
            "Shares fell sharply after the quarterly earnings report.",
            "The central bank raised interest rates again.",
        ];
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync(false, "animals", "money");
        Assert.Equal("minilm+tfidf", project.Encoder);
        var ids = await LabellingRulesTests.AddDocumentsAsync(database, project.Id, texts);
        var store = new EmbeddingStore(Path.Combine(database.Folder, "embeddings"));
        using var encoders = new DenseEncoders(new TextEncoderResources(MiniLmCacheDirectory: Path.Combine(database.Folder, "models", "minilm")));
        var workbench = new RuleWorkbench(store, encoders);
        async Task<RuleDraftPreview> PreviewAsync(string example) =>
            (await workbench.PreviewAsync(database.NewContext(), project.Id, new NewRule { Label = "animals", Kind = "similar", Examples = [example], Threshold = 0.95 }, 1, 20, null, CancellationToken.None)).Value!;

        var none = await PreviewAsync(texts[0]);
        Assert.Equal(0, none.Hits);
        Assert.Equal("No document of the project has its sentence vector (minilm) yet; they are being computed, so try again shortly.", none.Error);

        // Every document but the dog's gets its vector: a text finds itself (cosine near 1 after quantisation); the
        // dog's document, still without one, matches nothing, and that is no error.
        var model = encoders.Get("minilm");
        void Store(params int[] which)
        {
            var rows = new float[which.Length * model.Dimension];
            model.Encode([.. which.Select(i => texts[i])], rows);
            store.Append(project.Id, "minilm", [.. which.Select(i => ids[i])], rows, model.Dimension);
        }

        Store(0, 2, 3);
        var kitten = await PreviewAsync(texts[0]);
        Assert.Equal([ids[0]], kitten.HitsPage.Select(h => h.DocumentId));
        Assert.Null(kitten.Error);
        var dog = await PreviewAsync(texts[1]);
        Assert.Equal((0, (string?)null), (dog.Hits, dog.Error));

        // A saved rule by example document; the dog's vector arrives and the next request reads it.
        Assert.True((await LabellingRules.AddAsync(database.NewContext(), project.Id, new NewRule { Name = "like the dog", Label = "animals", Kind = "similar", ExampleDocumentIds = [ids[1]], Threshold = 0.95 }, "rita", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        Assert.Equal(0, (await workbench.AnalyseAsync(database.NewContext(), project.Id, null, CancellationToken.None)).Value!.Rules[0].Hits);
        Store(1);
        var rule = (await workbench.AnalyseAsync(database.NewContext(), project.Id, null, CancellationToken.None)).Value!.Rules[0];
        Assert.Equal((1, (string?)null), (rule.Hits, rule.Error));
        Assert.Equal([ids[1]], (await workbench.HitsAsync(database.NewContext(), project.Id, rule.Id, 1, 20, null, CancellationToken.None)).Value!.HitsPage.Select(h => h.DocumentId));
    }

    [Fact]
    public async Task A_switched_on_rule_without_hits_stays_in_the_label_model_and_without_votes_there_is_nothing_to_combine()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (project, _) = await MailProjectAsync(database);
        var workbench = new RuleWorkbench();
        Assert.True((await LabellingRules.AddAsync(database.NewContext(), project, new NewRule { Name = "nothing", Label = "ham", Kind = "keywords", Terms = ["zebra"] }, "rita", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        var analysis = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;
        var nothing = analysis.Rules.Single(r => r.Name == "nothing");
        Assert.Equal((0, 0.0, 0, (double?)null, (string?)null), (nothing.Hits, nothing.Overlaps, nothing.Answered, nothing.Accuracy, nothing.Error));
        Assert.Empty(nothing.Polarity);
        Assert.Contains("6 answered documents with a vote", analysis.LabelModel.Choice, StringComparison.Ordinal);
        Assert.True(analysis.LabelModel.Accuracy >= 0.75);

        // Only rules that vote nowhere switched on: no label model is fitted.
        foreach (var rule in analysis.Rules.Where(r => r.Name != "nothing"))
        {
            Assert.True((await LabellingRules.UpdateAsync(database.NewContext(), project, rule.Id, new RuleUpdate { Enabled = false }, "rita", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        }

        var idle = (await workbench.AnalyseAsync(database.NewContext(), project, null, CancellationToken.None)).Value!;
        Assert.Equal((0.0, (double?)null, AutoLabelModel.DefaultFor(2)), (idle.LabelModel.Coverage, idle.LabelModel.Accuracy, idle.LabelModel.Name));
        Assert.StartsWith("auto: no switched-on rule votes on any document yet", idle.LabelModel.Choice, StringComparison.Ordinal);
        Assert.Equal((0.0, 0.0, 0.0), (idle.Totals.Coverage, idle.Totals.Overlap, idle.Totals.Conflict));
    }

    [Fact]
    public async Task In_a_multi_label_project_agreement_is_counted_but_no_accuracy_is_given()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync(true, "spam", "ham");
        var d = await LabellingRulesTests.AddDocumentsAsync(database, project.Id, "free prize", "free lunch", "lunch");
        var recorder = new AnnotationRecorder(database.NewContext(), TimeProvider.System);
        Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(d[0], ["ham", "spam"]), CancellationToken.None)).Succeeded);
        Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(d[1], ["ham"]), CancellationToken.None)).Succeeded);
        Assert.True((await LabellingRules.AddAsync(database.NewContext(), project.Id, new NewRule { Name = "free", Label = "spam", Kind = "keywords", Terms = ["free"] }, "rita", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        var workbench = new RuleWorkbench();

        // free votes spam on d1 (labelled spam and ham: it agrees) and d2 (ham only).
        var analysis = (await workbench.AnalyseAsync(database.NewContext(), project.Id, null, CancellationToken.None)).Value!;
        var free = Assert.Single(analysis.Rules);
        Assert.Equal((2, 2, 1, (double?)null, (double?)null), (free.Hits, free.Answered, free.Correct, free.Accuracy, free.AccuracyLow));
        Assert.Equal((2, AutoLabelModel.DefaultFor(2), (double?)null), (analysis.Answered, analysis.LabelModel.Name, analysis.LabelModel.Accuracy));
        Assert.StartsWith("auto: a multi-label project's answers do not choose", analysis.LabelModel.Choice, StringComparison.Ordinal);
        var hits = (await workbench.HitsAsync(database.NewContext(), project.Id, free.Id, 1, 20, null, CancellationToken.None)).Value!;
        Assert.Equal(["spam, ham", "ham"], hits.HitsPage.Select(h => h.Answer));
    }

    [Fact]
    public async Task Drafts_are_checked_as_new_rules_are_and_pages_are_bounded()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (project, _) = await MailProjectAsync(database);
        var workbench = new RuleWorkbench();
        async Task<string?> FieldAsync(NewRule draft, int page = 1, int pageSize = 20) =>
            Assert.Single((await workbench.PreviewAsync(database.NewContext(), project, draft, page, pageSize, null, CancellationToken.None)).Problems).Field;

        var bad = await workbench.PreviewAsync(database.NewContext(), project, new NewRule { Label = "spam", Kind = "regex", Pattern = "[0-9" }, 1, 20, null, CancellationToken.None);
        var problem = Assert.Single(bad.Problems);
        Assert.Equal("pattern", problem.Field);
        Assert.StartsWith("The pattern '[0-9' is not a valid .NET regular expression: ", problem.Message, StringComparison.Ordinal);
        Assert.Equal("label", await FieldAsync(new NewRule { Kind = "keywords", Terms = ["x"] }));
        Assert.Equal("terms", await FieldAsync(new NewRule { Label = "spam", Kind = "keywords" }));
        Assert.Equal("pageSize", await FieldAsync(new NewRule { Label = "spam", Kind = "keywords", Terms = ["x"] }, 1, 101));
        Assert.Equal("page", await FieldAsync(new NewRule { Label = "spam", Kind = "keywords", Terms = ["x"] }, 0));

        // A draft may share a saved rule's name: it is not saved.
        Assert.True((await workbench.PreviewAsync(database.NewContext(), project, new NewRule { Name = "free", Label = "spam", Kind = "keywords", Terms = ["x"] }, 1, 100, null, CancellationToken.None)).Succeeded);
        Assert.Equal(Tagloop.Core.Common.ProblemKind.NotFound, Assert.Single((await workbench.HitsAsync(database.NewContext(), project, 424242, 1, 20, null, CancellationToken.None)).Problems).Kind);
        Assert.Equal(Tagloop.Core.Common.ProblemKind.NotFound, Assert.Single((await workbench.AnalyseAsync(database.NewContext(), project + 1000, null, CancellationToken.None)).Problems).Kind);
        Assert.Equal(new string('x', 299), RuleWorkbench.Cut(new string('x', 299) + "\U0001F600" + "tail"));
        Assert.Equal(300, RuleWorkbench.Cut(new string('y', 500)).Length);
    }

    /// <summary>The mail project of the hand count: eight documents, four rules (lunch off), answers by three people and one final label.</summary>
    private static async Task<(int Project, long[] Documents)> MailProjectAsync(TestDatabase database)
    {
        var project = await database.CreateProjectAsync();
        var d = await LabellingRulesTests.AddDocumentsAsync(database, project.Id, Texts);
        foreach (var (name, label, term, enabled) in new[] { ("free", "spam", "free", true), ("prize", "spam", "prize", true), ("meeting", "ham", "meeting", true), ("lunch", "ham", "lunch", false) })
        {
            var added = await LabellingRules.AddAsync(database.NewContext(), project.Id, new NewRule { Name = name, Label = label, Kind = "keywords", Terms = [term], Enabled = enabled }, "rita", null, TimeProvider.System, CancellationToken.None);
            Assert.True(added.Succeeded);
        }

        var recorder = new AnnotationRecorder(database.NewContext(), TimeProvider.System);
        async Task AnswerAsync(string who, int document, string? label)
        {
            var request = label is null ? new NewAnnotation(d[document], Skip: true) : new NewAnnotation(d[document], [label]);
            Assert.True((await recorder.RecordAsync(project.Id, who, request, CancellationToken.None)).Succeeded);
        }

        await AnswerAsync("ana", 0, "spam");
        await AnswerAsync("ana", 1, "ham");
        await AnswerAsync("ana", 2, "ham");
        await AnswerAsync("ana", 3, "spam");
        await AnswerAsync("bob", 3, "ham");
        await AnswerAsync("ana", 4, null);
        await AnswerAsync("ana", 5, "ham");
        await AnswerAsync("ana", 6, "spam");
        await AnswerAsync("bob", 6, "ham");
        await AnswerAsync("carl", 6, "ham");
        await AnswerAsync("ana", 7, "ham");
        Assert.True((await Adjudications.SetAsync(database.NewContext(), project.Id, d[3], ["spam"], null, "rita", TimeProvider.System, null, CancellationToken.None)).Succeeded);
        return (project.Id, d);
    }
}
