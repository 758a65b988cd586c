using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

/// <summary>On seeded corpora of conditionally independent rules, the label models recover the rules' accuracies and the class balance.</summary>
public sealed class SyntheticRecoveryTests
{
    // Accuracies within 0.05 and class shares within 0.05 (triplet: third moments are noisier) at 20,000–30,000 documents.
    private const double AccuracyTolerance = 0.05;

    public static TheoryData<string, int> Models => new()
    {
        { "triplet", 2 },
        { "triplet", 3 },
        { "dawid-skene", 2 },
        { "dawid-skene", 3 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Rule_accuracies_and_the_class_balance_are_recovered(string name, int classes)
    {
        var (votes, truth, accuracies, balance) = Corpus(classes, seed: 11);
        var model = LabelModelCatalog.Create(name).Fit(votes);

        for (var j = 0; j < accuracies.Length; j++)
        {
            Assert.True(
                Math.Abs(model.RuleAccuracies[j] - accuracies[j]) <= AccuracyTolerance,
                $"{name}, rule {j}: estimated {model.RuleAccuracies[j]:F3}, true {accuracies[j]:F3}");
        }

        for (var c = 0; c < classes; c++)
        {
            Assert.True(Math.Abs(model.ClassBalance[c] - balance[c]) <= 0.05, $"{name}, class {c}: estimated share {model.ClassBalance[c]:F3}, true {balance[c]}");
        }

        // The model's labels beat majority vote's on the covered documents: it weighs rules by what it learnt.
        var covered = FittedLabelModel.Covered(votes);
        var all = Enumerable.Range(0, votes.Documents).ToArray();
        var mine = LabelModelMath.Score(model.Predict(votes), classes, covered, all, truth);
        var majority = LabelModelMath.Score(new MajorityVote().Fit(votes).Predict(votes), classes, covered, all, truth);
        Assert.True(mine.Accuracy > majority.Accuracy, $"{name}: {mine.Accuracy:F4} against majority vote's {majority.Accuracy:F4}");
    }

    [Fact]
    public void A_given_class_balance_is_kept()
    {
        var (votes, _, _, _) = Corpus(3, seed: 5);
        foreach (var name in LabelModelCatalog.Names)
        {
            var model = LabelModelCatalog.Create(name).Fit(votes, [1, 1, 2]);
            Assert.Equal(0.25, model.ClassBalance[0], 6);
            Assert.Equal(0.5, model.ClassBalance[2], 6);
            var uncovered = Array.IndexOf(FittedLabelModel.Covered(votes), false);
            Assert.Equal(0.5, model.Predict(votes)[(uncovered * 3) + 2], 6);
        }
    }

    [Fact]
    public void The_triplet_model_falls_back_to_the_prior_accuracy_without_partners_and_never_gives_NaN()
    {
        // Two rules and one that never votes: no triplet at all, so both voting rules get the prior accuracy.
        var dense = Enumerable.Range(0, 200).Select(d => new[] { d % 3 == 0 ? 1 : -1, d % 5 == 0 ? 0 : -1, -1 }).ToArray();
        var votes = LabelMatrix.FromDense(dense, 3, 2);
        var model = new TripletLabelModel().Fit(votes);
        Assert.Equal(0.7, model.RuleAccuracies[0], 6);
        Assert.Equal(0.7, model.RuleAccuracies[1], 6);
        Assert.True(double.IsNaN(model.RuleAccuracies[2]));
        Assert.All(model.Predict(votes), v => Assert.True(float.IsFinite(v)));

        // A rule voting on every document has no variance: no triplet uses it as a denominator, nothing turns NaN.
        var constant = LabelMatrix.FromDense([.. dense.Select(r => new[] { r[0], r[1], r[2], 1 })], 4, 2);
        var withConstant = new TripletLabelModel().Fit(constant);
        Assert.All(withConstant.Predict(constant), v => Assert.True(float.IsFinite(v)));
        Assert.All(withConstant.ClassBalance, v => Assert.True(double.IsFinite(v)));
        Assert.All(new[] { 0, 1, 3 }, j => Assert.InRange(withConstant.RuleAccuracies[j], 0, 1));

        // No documents at all, and a corpus nothing covers.
        foreach (var empty in new[] { LabelMatrix.FromDense([], 3, 3), LabelMatrix.FromDense([[-1, -1, -1], [-1, -1, -1]], 3, 3) })
        {
            foreach (var name in LabelModelCatalog.Names)
            {
                var fitted = LabelModelCatalog.Create(name).Fit(empty);
                Assert.All(fitted.ClassBalance, v => Assert.Equal(1 / 3.0, v, 6));
                Assert.All(fitted.Predict(empty), v => Assert.Equal(1 / 3.0, v, 6));
            }
        }
    }

    [Fact]
    public void Fitting_is_deterministic_and_a_fitted_model_applies_to_another_split_but_not_another_shape()
    {
        var (votes, _, _, _) = Corpus(2, seed: 7);
        var (other, _, _, _) = Corpus(2, seed: 8);
        foreach (var name in LabelModelCatalog.Names)
        {
            var a = LabelModelCatalog.Create(name).Fit(votes);
            var b = LabelModelCatalog.Create(name).Fit(votes);
            Assert.Equal(a.Predict(other), b.Predict(other));
            Assert.Throws<ArgumentException>(() => a.Predict(LabelMatrix.FromDense([[0, 1]], 2, 2)));
        }
    }

    internal static (LabelMatrix Votes, int[] Truth, double[] Accuracies, double[] Balance) Corpus(int classes, int seed)
    {
        double[] balance = classes == 2 ? [0.65, 0.35] : [0.5, 0.3, 0.2];
        var (votes, truth, accuracies) = SyntheticVotes.Generate(
            classes == 2 ? 20_000 : 30_000, balance, classes == 2 ? SyntheticVotes.Binary : SyntheticVotes.ThreeClasses, seed);
        return (votes, truth, accuracies, balance);
    }
}
