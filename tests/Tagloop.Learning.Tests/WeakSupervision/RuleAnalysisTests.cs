using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

public sealed class RuleAnalysisTests
{
    [Fact]
    public void The_Wilson_interval_matches_Newcombes_published_examples()
    {
        // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17:857–872,
        // Table II, method 3 (score interval without continuity correction).
        AssertInterval(RuleAnalysis.Wilson(81, 263), 0.2553, 0.3662);
        AssertInterval(RuleAnalysis.Wilson(15, 148), 0.0624, 0.1605);
        AssertInterval(RuleAnalysis.Wilson(0, 20), 0.0, 0.1611);
        AssertInterval(RuleAnalysis.Wilson(1, 29), 0.0061, 0.1718);
        var none = RuleAnalysis.Wilson(0, 0);
        Assert.True(double.IsNaN(none.Low) && double.IsNaN(none.High));
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleAnalysis.Wilson(3, 2));
    }

    [Fact]
    public void Coverage_overlap_conflict_and_gold_accuracy_match_a_hand_count()
    {
        int[][] dense =
        [
            [0, 0, 1],      // d0: three votes, two classes
            [1, -1, 2],     // d1: two votes, disagree
            [-1, -1, -1],   // d2: uncovered
            [-1, 2, -1],    // d3: one vote
            [0, 1, -1],     // d4: two votes, disagree
            [2, -1, 2],     // d5: two votes, agree
        ];
        var votes = LabelMatrix.FromDense(dense, 3, 3);
        var report = RuleAnalysis.Analyse(votes, [0, 1, 5, 3], [0, 2, 2, 1]);

        Assert.Equal(6, report.Documents);
        Assert.Equal(5 / 6.0, report.Coverage, 12);
        Assert.Equal(4 / 6.0, report.Overlap, 12);
        Assert.Equal(3 / 6.0, report.Conflict, 12);
        Assert.Equal(4, report.GoldDocuments);

        var r0 = report.Rules[0];
        Assert.Equal(new[] { 0, 1, 2 }, r0.Polarity);
        Assert.Equal(4, r0.Votes);
        Assert.Equal(4 / 6.0, r0.Coverage, 12);
        Assert.Equal(4 / 6.0, r0.Overlap, 12);
        Assert.Equal(3 / 6.0, r0.Conflict, 12);   // d5 agrees
        Assert.Equal(2, r0.Correct);              // d0, d5
        Assert.Equal(1, r0.Incorrect);            // d1
        Assert.Equal(2 / 3.0, r0.Accuracy, 12);
        var (low, high) = RuleAnalysis.Wilson(2, 3);
        Assert.Equal(low, r0.AccuracyLow);
        Assert.Equal(high, r0.AccuracyHigh);
        Assert.True(low < 2 / 3.0 && high > 2 / 3.0);

        var r1 = report.Rules[1];
        Assert.Equal(new[] { 0, 1, 2 }, r1.Polarity);
        Assert.Equal(3 / 6.0, r1.Coverage, 12);
        Assert.Equal(2 / 6.0, r1.Overlap, 12);
        Assert.Equal(2 / 6.0, r1.Conflict, 12);
        Assert.Equal((1, 1), (r1.Correct!.Value, r1.Incorrect!.Value));  // d0 right, d3 wrong

        var r2 = report.Rules[2];
        Assert.Equal(new[] { 1, 2 }, r2.Polarity);
        Assert.Equal(3 / 6.0, r2.Overlap, 12);
        Assert.Equal(2 / 6.0, r2.Conflict, 12);
        Assert.Equal((2, 1), (r2.Correct!.Value, r2.Incorrect!.Value));

        // Gold on d3 only: rule 0 has no gold vote, so no accuracy; without gold, no counts at all.
        var sparse = RuleAnalysis.Analyse(votes, [3], [2]);
        Assert.Equal(0, sparse.Rules[0].Correct);
        Assert.True(double.IsNaN(sparse.Rules[0].Accuracy) && double.IsNaN(sparse.Rules[0].AccuracyLow));
        Assert.Equal(1.0, sparse.Rules[1].Accuracy);
        var bare = RuleAnalysis.Analyse(votes);
        Assert.Null(bare.Rules[0].Correct);
        Assert.Null(bare.Rules[0].Incorrect);
        Assert.True(double.IsNaN(bare.Rules[2].Accuracy));
        Assert.Equal(report.Rules[2].Conflict, bare.Rules[2].Conflict);

        Assert.Throws<ArgumentException>(() => RuleAnalysis.Analyse(votes, [6], [0]));
        Assert.Throws<ArgumentException>(() => RuleAnalysis.Analyse(votes, [0], [3]));
        Assert.Throws<ArgumentException>(() => RuleAnalysis.Analyse(votes, [0, 1], [0]));
        Assert.Throws<ArgumentException>(() => RuleAnalysis.Analyse(votes, [0], null));
    }

    private static void AssertInterval((double Low, double High) actual, double low, double high)
    {
        Assert.Equal(low, actual.Low, 4);
        Assert.Equal(high, actual.High, 4);
    }
}
