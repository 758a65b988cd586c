using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

public sealed class LabelModelCatalogTests
{
    [Fact]
    public void Each_name_gives_its_model_and_an_unknown_name_is_refused_by_name()
    {
        Assert.IsType<MajorityVote>(LabelModelCatalog.Create("majority"));
        Assert.IsType<DawidSkene>(LabelModelCatalog.Create(" Dawid-Skene "));
        Assert.IsType<TripletLabelModel>(LabelModelCatalog.Create("triplet"));
        Assert.IsType<AutoLabelModel>(LabelModelCatalog.Create("auto"));
        foreach (var name in LabelModelCatalog.Names)
        {
            Assert.Equal(name, LabelModelCatalog.Create(name).Name);
        }

        var error = Assert.Throws<ArgumentException>(() => LabelModelCatalog.Create("snorkel"));
        Assert.Contains("'snorkel'", error.Message, StringComparison.Ordinal);
        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void The_choice_by_gold_takes_the_most_accurate_model_and_never_one_below_majority_vote()
    {
        var (votes, truth, _, _) = SyntheticRecoveryTests.Corpus(2, seed: 21);
        var gold = Enumerable.Range(0, 400).Select(i => i * 37 % votes.Documents).Distinct().ToArray();
        var choice = AutoLabelModel.Choose(votes, gold, [.. gold.Select(d => truth[d])]);

        Assert.Equal(LabelModelCatalog.Names, choice.Scores.Select(s => s.Name));
        var best = choice.Scores.Single(s => s.Name == choice.Model.Name);
        Assert.All(choice.Scores, s => Assert.True(best.Accuracy >= s.Accuracy));
        Assert.True(best.Accuracy >= choice.Scores[0].Accuracy);
        Assert.True(best.Documents > 0 && best.Documents < gold.Length);   // only gold documents with a vote count
        Assert.NotEqual("majority", choice.Model.Name);                      // rules of unequal accuracy: majority vote loses here

        // The same through the catalog, and the fitted model is the chosen one.
        var viaCatalog = LabelModelCatalog.Create("auto", gold, [.. gold.Select(d => truth[d])]).Fit(votes);
        Assert.Equal(choice.Model.Name, viaCatalog.Name);
    }

    [Fact]
    public void Without_gold_with_a_vote_the_choice_is_the_default_for_the_number_of_classes()
    {
        var (votes, _, _, _) = SyntheticRecoveryTests.Corpus(3, seed: 3);
        var uncovered = Array.IndexOf(FittedLabelModel.Covered(votes), false);
        var choice = AutoLabelModel.Choose(votes, [uncovered], [0]);
        Assert.Empty(choice.Scores);
        Assert.Equal(AutoLabelModel.DefaultFor(3), choice.Model.Name);
        Assert.Contains("no gold document has a vote", choice.Reason, StringComparison.Ordinal);
        Assert.Equal(AutoLabelModel.DefaultFor(3), new AutoLabelModel().Fit(votes).Name);
        Assert.Throws<ArgumentException>(() => AutoLabelModel.Choose(votes, [0, 1], [0]));
        Assert.Throws<ArgumentException>(() => new AutoLabelModel([0], [0, 1]));
    }
}
