using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

/// <summary>Majority vote and one Dawid–Skene EM step against figures worked out by hand.</summary>
public sealed class LabelModelWorkedExampleTests
{
    // Six documents, three rules, three classes (-1 abstains).
    private static readonly int[][] Dense =
    [
        [0, 0, 1],
        [1, -1, 2],
        [-1, -1, -1],
        [-1, 2, -1],
        [0, 1, -1],
        [2, -1, 2],
    ];

    [Fact]
    public void Majority_vote_gives_each_class_its_share_of_the_votes_and_uncovered_documents_the_mean_share()
    {
        var votes = LabelMatrix.FromDense(Dense, 3, 3);
        var model = new MajorityVote().Fit(votes);
        var p = model.Predict(votes);

        AssertRow(p, 0, 2 / 3.0, 1 / 3.0, 0);
        AssertRow(p, 1, 0, 0.5, 0.5);       // a tie splits evenly
        AssertRow(p, 3, 0, 0, 1);
        AssertRow(p, 4, 0.5, 0.5, 0);
        AssertRow(p, 5, 0, 0, 1);

        // Covered shares summed: (2/3 + 0 + 0 + 1/2 + 0, 1/3 + 1/2 + 0 + 1/2 + 0, 0 + 1/2 + 1 + 0 + 1) / 5 = (7/30, 8/30, 15/30).
        AssertRow(p, 2, 7 / 30.0, 8 / 30.0, 15 / 30.0);
        Assert.Equal(new[] { 7 / 30.0, 8 / 30.0, 15 / 30.0 }, model.ClassBalance.ToArray(), new Tolerance(1e-12));
        Assert.All(model.RuleAccuracies, a => Assert.True(double.IsNaN(a)));
        Assert.Equal("majority", model.Name);

        // A given balance is normalised and used for the uncovered document only.
        var given = new MajorityVote().Fit(votes, [2, 1, 1]).Predict(votes);
        AssertRow(given, 2, 0.5, 0.25, 0.25);
        AssertRow(given, 0, 2 / 3.0, 1 / 3.0, 0);
        Assert.Throws<ArgumentException>(() => new MajorityVote().Fit(votes, [1, 1]));
        Assert.Throws<ArgumentException>(() => new MajorityVote().Fit(votes, [1, -1, 1]));
    }

    [Fact]
    public void One_Dawid_Skene_step_from_majority_vote_gives_the_hand_computed_parameters_and_posteriors()
    {
        // Two classes, two rules: d0 both vote 1; d1 rule 0 votes 1; d2 rule 1 votes 0; d3 no vote.
        var votes = LabelMatrix.FromDense([[1, 1], [1, -1], [-1, 0], [-1, -1]], 2, 2);
        var fitted = (DawidSkeneModel)new DawidSkene(smoothing: 1, maxIterations: 1).Fit(votes);

        // Start: majority shares (0,1), (0,1), (1,0) and the uncovered d3 at their mean (1/3, 2/3).
        // Class mass: 4/3 and 8/3, so the prior is (1/3, 2/3).
        Assert.Equal(1 / 3.0, fitted.ClassBalance[0], 12);
        Assert.Equal(2 / 3.0, fitted.ClassBalance[1], 12);

        // Outcome counts (vote 0, vote 1, abstain) + 1 each, over class mass + 3:
        // rule 0 | class 0: (0, 0, 4/3) → (3, 3, 7)/13; class 1: (0, 2, 2/3) → (3, 9, 5)/17.
        // rule 1 | class 0: (1, 0, 1/3) → (6, 3, 4)/13; class 1: (0, 1, 5/3) → (3, 6, 8)/17.
        double[,,] expected =
        {
            { { 3 / 13.0, 3 / 13.0, 7 / 13.0 }, { 3 / 17.0, 9 / 17.0, 5 / 17.0 } },
            { { 6 / 13.0, 3 / 13.0, 4 / 13.0 }, { 3 / 17.0, 6 / 17.0, 8 / 17.0 } },
        };
        for (var j = 0; j < 2; j++)
        {
            for (var y = 0; y < 2; y++)
            {
                for (var o = 0; o < 3; o++)
                {
                    Assert.Equal(expected[j, y, o], fitted.Outcome(j, y, o), 12);
                }
            }
        }

        // Posteriors: d0 ∝ (1/3·3/13·3/13, 2/3·9/17·6/17) → P(1) = 6084/6951;
        // d2 ∝ (1/3·7/13·6/13, 2/3·5/17·3/17) → P(0) = 4046/5736; d3 uncovered → the prior.
        var p = fitted.Predict(votes);
        Assert.Equal(6084 / 6951.0, p[1], 6);
        Assert.Equal(4046 / 5736.0, p[4], 6);
        Assert.Equal(1 / 3.0, p[6], 6);

        // Rule 0's accuracy when it votes: (1/3·3/13 + 2/3·9/17) / (1/3·6/13 + 2/3·12/17).
        var right = (3 / 39.0) + (18 / 51.0);
        var voted = (6 / 39.0) + (24 / 51.0);
        Assert.Equal(right / voted, fitted.RuleAccuracies[0], 12);
        Assert.Equal(1, fitted.Iterations);
    }

    [Fact]
    public void Dawid_Skene_runs_to_convergence_on_agreeing_rules_and_reports_it()
    {
        var votes = LabelMatrix.FromDense(Dense, 3, 3);
        var fitted = (DawidSkeneModel)new DawidSkene().Fit(votes);
        Assert.True(fitted.Converged);
        Assert.True(fitted.Iterations > 1);
        var p = fitted.Predict(votes);
        Assert.All(p, v => Assert.True(float.IsFinite(v) && v >= 0 && v <= 1));
        for (var d = 0; d < 6; d++)
        {
            Assert.Equal(1, p[(d * 3)..((d * 3) + 3)].Sum(), 5);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new DawidSkene(smoothing: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DawidSkene(maxIterations: 0));
    }

    private static void AssertRow(float[] p, int row, params double[] expected)
    {
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], p[(row * expected.Length) + c], 6);
        }
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
