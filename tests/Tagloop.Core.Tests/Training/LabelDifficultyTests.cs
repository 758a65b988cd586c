using System.Text.Json;
using Tagloop.Core.Training;
using Tagloop.Core.Training.Difficulty;
using Tagloop.Learning.Evaluation;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Tests.Training;

public sealed class LabelDifficultyTests
{
    /// <summary>A single-label run whose figures all follow from its confusion matrix (rows = given, columns = guessed).</summary>
    private static EvaluatedRun Run(string[] classes, int[][] confusion, int? labels = null)
    {
        var scores = ClassificationMetrics.PerClass(confusion);
        var total = confusion.Sum(r => r.Sum());
        var right = Enumerable.Range(0, classes.Length).Sum(i => confusion[i][i]);
        return new EvaluatedRun(labels ?? total, EvaluatedTask.SingleLabel, classes, [.. scores.Select(s => s.F1)], [.. scores.Select(s => s.Support)],
            [.. confusion.Select(r => (IReadOnlyList<int>)r)], (double)right / total, scores.Average(s => s.F1));
    }

    private static LabelAssessment Label(LabelDifficultyReport report, string name) => report.Labels.Single(l => l.Label == name);

    [Fact]
    public void A_label_with_fewer_than_eight_documents_is_too_rare_and_one_with_eight_is_not()
    {
        // "fees" has 7 documents, all found (F1 = 1): still too few to trust. "leases" has 8, found as well: no note.
        var run = Run(["contracts", "leases", "fees"], [[20, 1, 0], [0, 8, 0], [1, 0, 6]]);

        var report = LabelDifficulty.Assess(run, [], pickedAtRandom: false);

        var fees = Label(report, "fees");
        Assert.Equal(LabelNote.TooRare, fees.Note?.Kind);
        Assert.Contains("Only 7 documents are labelled “fees”", fees.Note!.Text, StringComparison.Ordinal);
        Assert.Equal(("fees", "contracts"), (fees.Note.Merge, fees.Note.Into));
        Assert.Null(Label(report, "leases").Note);
        Assert.Null(Label(report, "contracts").Note);
    }

    [Fact]
    public void A_label_under_three_percent_of_the_labels_is_too_rare_only_when_the_model_misses_it()
    {
        // 10 of 400 documents (2.5%): with 7 of 10 missed it is too rare; with 3 missed, the model has learnt it.
        var missed = LabelDifficulty.Assess(Run(["a", "b", "rare"], [[190, 0, 0], [0, 200, 0], [7, 0, 3]]), [], false);
        var found = LabelDifficulty.Assess(Run(["a", "b", "rare"], [[190, 0, 0], [0, 200, 0], [3, 0, 7]]), [], false);

        Assert.Equal(LabelNote.TooRare, Label(missed, "rare").Note?.Kind);
        Assert.Contains("2.5%", Label(missed, "rare").Note!.Text, StringComparison.Ordinal);
        Assert.Null(Label(found, "rare").Note);
    }

    [Fact]
    public void Two_labels_the_model_mixes_up_are_offered_for_merging_the_smaller_into_the_larger()
    {
        // "lease" (10 documents): 4 taken for "rental" (40%, the threshold), 6 right. "rental" (30): 2 taken for "lease".
        var run = Run(["rental", "lease", "sale"], [[25, 2, 3], [4, 6, 0], [0, 0, 20]]);

        var report = LabelDifficulty.Assess(run, [], false);

        var lease = Label(report, "lease");
        Assert.Equal(LabelNote.ConsiderMerging, lease.Note?.Kind);
        Assert.Equal(("lease", "rental"), (lease.Note!.Merge, lease.Note.Into));
        Assert.Contains("4 of the 10 documents labelled “lease” were taken for “rental”, and 2 the other way", lease.Note.Text, StringComparison.Ordinal);
        Assert.Equal(LabelNote.ConsiderMerging, Label(report, "rental").Note?.Kind);
        Assert.Equal(new ConfusedPartner("rental", 4, 2, 0.4), lease.ConfusedWith);
        // "rental" sends more of its own documents to "sale" (3) than to "lease" (2), but mixes up more with "lease" both ways (6 against 3).
        Assert.Equal(new ConfusedPartner("lease", 2, 4, 2 / 30.0), Label(report, "rental").ConfusedWith);
        Assert.Null(Label(report, "sale").Note);
    }

    [Fact]
    public void Of_two_labels_of_one_size_the_one_that_loses_its_documents_is_merged_into_the_other()
    {
        // Both have 12 documents; the model guesses "rental" for nearly all of both.
        var report = LabelDifficulty.Assess(Run(["rental", "lease"], [[11, 1], [10, 2]]), [], false);

        var note = Label(report, "rental").Note;
        Assert.Equal(LabelNote.ConsiderMerging, note?.Kind);
        Assert.Equal(("lease", "rental"), (note!.Merge, note.Into));
    }

    [Fact]
    public void Just_under_the_merge_share_the_pair_is_not_offered_for_merging()
    {
        // 3 of 10 (30%) "lease" documents taken for "rental": a hard pair, not an indistinguishable one.
        var run = Run(["rental", "lease", "sale"], [[25, 2, 3], [3, 7, 0], [0, 0, 20]]);

        var report = LabelDifficulty.Assess(run, [], false);

        Assert.NotEqual(LabelNote.ConsiderMerging, Label(report, "lease").Note?.Kind);
        Assert.NotEqual(LabelNote.ConsiderMerging, Label(report, "rental").Note?.Kind);
    }

    [Fact]
    public void A_label_far_below_the_others_is_hard_and_one_a_little_below_is_not()
    {
        // "other" (12 documents) is found 3 times, its 9 misses spread evenly over the three clear labels (none takes
        // 40% of them, so no merge): F1 40%, far below theirs.
        string[] names = ["tax", "court", "fee", "other"];
        var hard = LabelDifficulty.Assess(Run(names, [[20, 0, 0, 0], [0, 20, 0, 0], [0, 0, 20, 0], [3, 3, 3, 3]]), [], false);
        // Found 7 times of 12 with the others at about 85%: below them, but not far enough.
        var fine = LabelDifficulty.Assess(Run(names, [[17, 1, 1, 1], [1, 17, 1, 1], [1, 1, 17, 1], [2, 2, 1, 7]]), [], false);

        var other = Label(hard, "other");
        Assert.Equal(LabelNote.Hard, other.Note?.Kind);
        Assert.Contains("F1 40%", other.Note!.Text, StringComparison.Ordinal);
        Assert.Contains("it most often takes it for “tax”", other.Note.Text, StringComparison.Ordinal);
        Assert.Null(Label(fine, "other").Note);
        Assert.Null(Label(hard, "tax").Note);
    }

    [Fact]
    public void The_curve_follows_the_label_by_name_through_the_runs_one_point_per_label_count()
    {
        string[] early = ["a", "b"];
        string[] later = ["a", "b", "c"];
        var runs = new[]
        {
            Run(early, [[5, 1], [1, 5]]),                             // 12 labels: a's F1 5/6
            Run(early, [[6, 0], [1, 5]], labels: 12),                  // again at 12: this one wins
            Run(later, [[8, 0, 0], [0, 8, 0], [0, 0, 8]]),            // 24 labels, c appears
        };
        var latest = Run(later, [[9, 1, 0], [0, 10, 0], [0, 0, 10]]); // 30

        var report = LabelDifficulty.Assess(latest, runs, false);

        Assert.Equal([12, 24, 30], Label(report, "a").Curve.Select(p => p.Labels));
        Assert.Equal(12.0 / 13, Label(report, "a").Curve[0].F1, 12);
        Assert.Equal(1.0, Label(report, "a").Curve[1].F1, 12);
        Assert.Equal([24, 30], Label(report, "c").Curve.Select(p => p.Labels));
        Assert.Equal(30, report.EvaluatedLabels);
    }

    [Fact]
    public void Below_twenty_labels_there_is_no_verdict()
    {
        var report = LabelDifficulty.Assess(Run(["a", "b"], [[9, 0], [0, 9]]), [], false);

        Assert.Null(report.Feasibility);
        Assert.Equal(2, report.Labels.Count);
    }

    [Theory]
    // 40 labels: 16 "a" (the baseline, 40%), 14 "b", 10 "c".
    [InlineData(13, 11, 7, Feasibility.Learnable, "40% → 78%")]   // 31 right: more than 40% of the baseline's errors removed
    [InlineData(12, 8, 4, Feasibility.Unclear, "40% → 60%")]      // 24 right: a third of them
    [InlineData(10, 5, 3, Feasibility.NotYet, "40% → 45%")]       // 18 right: within one standard error of guessing
    public void The_verdict_compares_the_model_with_always_guessing_the_most_common_label(int a, int b, int c, string verdict, string figures)
    {
        // Each label's misses go to the next one round.
        var run = Run(["a", "b", "c"], [[a, 16 - a, 0], [0, b, 14 - b], [10 - c, 0, c]]);

        var feasibility = LabelDifficulty.Assess(run, [], false).Feasibility;

        Assert.NotNull(feasibility);
        Assert.Equal(verdict, feasibility.Verdict);
        Assert.Equal(0.4, feasibility.Baseline, 12);
        Assert.Equal(1 / 3.0, feasibility.Chance, 12);
        Assert.Contains(figures, feasibility.Text, StringComparison.Ordinal);
        Assert.Contains("“a”", feasibility.Text, StringComparison.Ordinal);
        Assert.Contains("Random", feasibility.Caveat, StringComparison.Ordinal);
    }

    [Fact]
    public void The_verdict_names_the_labels_holding_it_back_hardest_first_and_the_caveat_follows_the_strategy()
    {
        var run = Run(["rental", "lease", "sale", "fees"], [[25, 2, 3, 0], [5, 5, 0, 0], [0, 0, 20, 0], [2, 0, 0, 3]]);

        var report = LabelDifficulty.Assess(run, [], pickedAtRandom: true);

        Assert.NotNull(report.Feasibility);
        // F1: "lease" 59% (merge), "fees" 75% (too rare), "rental" 81% (merge); "sale" has no note.
        Assert.Equal(["lease", "fees", "rental"], report.Feasibility.HoldingBack);
        Assert.Contains("holding it back: “lease”, “fees”, “rental”", report.Feasibility.Text, StringComparison.Ordinal);
        Assert.Contains("picked at random", report.Feasibility.Caveat, StringComparison.Ordinal);
        Assert.DoesNotContain("choose “Random”", report.Feasibility.Caveat, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_label_verdict_compares_macro_f1_with_putting_every_label_on_every_document()
    {
        // 30 documents, "billing" on 15 and "delivery" on 10: saying yes to all scores F1 2p/(1+p), 2/3 and 1/2.
        var run = new EvaluatedRun(30, EvaluatedTask.MultiLabel, ["billing", "delivery"], [0.95, 0.9], [15, 10], [], 0.85, 0.925);

        var feasibility = LabelDifficulty.Assess(run, [], false).Feasibility;

        Assert.NotNull(feasibility);
        Assert.Equal((2 / 3.0 + 0.5) / 2, feasibility.Baseline, 12);
        Assert.Equal(Feasibility.Learnable, feasibility.Verdict);
        Assert.Null(LabelDifficulty.Assess(run, [], false).Labels[0].ConfusedWith);
    }

    [Fact]
    public void No_evaluation_gives_an_empty_report()
    {
        var report = LabelDifficulty.Assess(null, [], false);

        Assert.Equal(0, report.EvaluatedLabels);
        Assert.Empty(report.Labels);
        Assert.Null(report.Feasibility);
    }

    [Fact]
    public void A_training_runs_evaluation_json_reads_back_for_classifiers_and_taggers()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var confusion = new[] { new[] { 4, 1 }, new[] { 0, 5 } };
        var evaluation = new ModelEvaluation(0.9, 0.899, 0.1, 5, ClassificationMetrics.PerClass(confusion), [.. confusion.Select(r => (IReadOnlyList<int>)r)]);
        // As TrainingRun.Succeeded writes it.
        var classifier = EvaluatedRun.Read(10, JsonSerializer.Serialize(new { classes = new[] { "spam", "ham" }, evaluation }, json));
        var report = new EntityReport(new EntityScore("", 10, 8, 6), [new EntityScore("LOC", 6, 5, 4), new EntityScore("PER", 4, 3, 2)], 0.6, 0.9, 100, 20);
        var tagger = EvaluatedRun.Read(20, JsonSerializer.Serialize(new { entityTypes = new[] { "PER", "LOC", "ORG" }, entityF1 = report.Overall.F1, report }, json));

        Assert.NotNull(classifier);
        Assert.Equal(EvaluatedTask.SingleLabel, classifier.Task);
        Assert.Equal(["spam", "ham"], classifier.Classes);
        Assert.Equal([5, 5], classifier.Support);
        Assert.Equal(8.0 / 9, classifier.F1[0], 12);
        Assert.Equal([0, 5], classifier.Confusion[1]);
        Assert.NotNull(tagger);
        Assert.Equal(EvaluatedTask.Spans, tagger.Task);
        Assert.Equal(["PER", "LOC", "ORG"], tagger.Classes);
        Assert.Equal([4, 6, 0], tagger.Support);
        Assert.Equal(4.0 / 7, tagger.F1[0], 12); // PER: precision 2/3, recall 1/2
        Assert.Null(EvaluatedRun.Read(10, "{\"classes\": [\"a\"]}"));
        Assert.Null(EvaluatedRun.Read(10, "not json"));
    }
}
