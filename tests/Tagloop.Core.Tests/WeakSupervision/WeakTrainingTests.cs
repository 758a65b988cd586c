using Tagloop.Core.Annotations;
using Tagloop.Core.Training;
using Tagloop.Core.WeakSupervision;

namespace Tagloop.Core.Tests.WeakSupervision;

/// <summary>The project's model trains on its switched-on rules' labels beside the answers, and before the first answer.</summary>
public sealed class WeakTrainingTests
{
    private static readonly string[] Spam = ["win a free prize now", "claim your free prize", "free money prize inside", "you won a prize, claim it", "free entry to win cash"];
    private static readonly string[] Ham = ["meeting moved to noon", "agenda for the meeting", "lunch after the meeting?", "notes from the team meeting", "the meeting room is booked"];

    [Fact]
    public async Task Rules_alone_train_a_model_that_labels_what_no_rule_reaches_and_answers_join_them()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        string[] unlabelled = ["a free cash prize awaits", "see you at the meeting today"];
        var d = await LabellingRulesTests.AddDocumentsAsync(database, project.Id, [.. Spam, .. Ham, .. unlabelled]);
        foreach (var (name, label, term) in new[] { ("prize", "spam", "prize"), ("meeting", "ham", "meeting") })
        {
            Assert.True((await LabellingRules.AddAsync(database.NewContext(), project.Id, new NewRule { Name = name, Label = label, Kind = "keywords", Terms = [term] }, "rita", null, TimeProvider.System, CancellationToken.None)).Succeeded);
        }

        var workbench = new RuleWorkbench();
        var trainer = new ProjectTrainer(TimeProvider.System);
        Assert.Null(trainer.Train(database.NewContext(), project.Id, null));

        var weak = await workbench.LoopLabelsAsync(database.NewContext(), project.Id, CancellationToken.None);
        Assert.NotNull(weak);
        // prize: spam 0–3 and unlabelled 10; meeting: ham 5–9 and 11 (documents 4 and neither rule: "free entry to win cash").
        Assert.Equal([d[0], d[1], d[2], d[3], d[5], d[6], d[7], d[8], d[9], d[10], d[11]], weak.DocumentIds);
        Assert.Equal(["ham", "spam"], weak.Classes.Order());
        Assert.Same(weak, await workbench.LoopLabelsAsync(database.NewContext(), project.Id, CancellationToken.None));

        var model = trainer.Train(database.NewContext(), project.Id, null, weak: weak);
        Assert.NotNull(model);
        Assert.Equal(0, model.Labels);
        Assert.Equal(11, model.WeakDocuments);
        Assert.Equal(12, model.Ranked.Count); // every document is still there to be answered
        Assert.Equal("spam", model.Score(d[4])!.Label); // no rule reaches it; "free" and "win" come from the rule-labelled spam

        // An answer changes the gold the label model is chosen on, so the weak labels are worked out again.
        var recorder = new AnnotationRecorder(database.NewContext(), TimeProvider.System);
        Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(d[4], ["spam"]), CancellationToken.None)).Succeeded);
        var again = await workbench.LoopLabelsAsync(database.NewContext(), project.Id, CancellationToken.None);
        Assert.NotSame(weak, again);
        var next = trainer.Train(database.NewContext(), project.Id, model, weak: again);
        Assert.Equal(1, next!.Labels);
        Assert.DoesNotContain(d[4], next.Ranked);
        Assert.Equal(11, next.WeakDocuments);

        // Switched off, the rules leave nothing to train on.
        var db = database.NewContext();
        foreach (var rule in db.LabellingRules.Where(r => r.ProjectId == project.Id))
        {
            rule.Enabled = false;
        }

        await db.SaveChangesAsync();
        Assert.Null(await workbench.LoopLabelsAsync(database.NewContext(), project.Id, CancellationToken.None));
    }
}
