namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Picks the label model for a project. With gold documents (answers collected so far), it fits majority vote,
/// Dawid–Skene and the triplet model on the votes alone and keeps the most accurate on the gold documents that have a
/// vote, lower log-loss breaking a tie and majority vote winning a full tie, so it never picks a model that does worse
/// than majority vote there. Without gold (or when no gold document has a vote) it fits <see cref="DefaultFor"/>.
/// </summary>
public sealed class AutoLabelModel : IWeakLabelModel
{
    private readonly int[] goldDocuments;
    private readonly int[] goldClasses;

    /// <summary>Without gold: fits the default for the number of classes.</summary>
    public AutoLabelModel()
        : this([], [])
    {
    }

    public AutoLabelModel(IReadOnlyList<int> goldDocuments, IReadOnlyList<int> goldClasses)
    {
        ArgumentNullException.ThrowIfNull(goldDocuments);
        ArgumentNullException.ThrowIfNull(goldClasses);
        if (goldDocuments.Count != goldClasses.Count)
        {
            throw new ArgumentException($"{goldDocuments.Count} gold documents but {goldClasses.Count} gold classes.", nameof(goldClasses));
        }

        this.goldDocuments = [.. goldDocuments];
        this.goldClasses = [.. goldClasses];
    }

    public string Name => LabelModelCatalog.Auto;

    /// <summary>The chosen model, fitted (its <see cref="FittedLabelModel.Name"/> says which).</summary>
    public FittedLabelModel Fit(LabelMatrix votes, ReadOnlySpan<double> classBalance = default) =>
        Choose(votes, goldDocuments, goldClasses, classBalance).Model;

    /// <summary>
    /// The model fitted without gold, chosen on what the end model learns from it (docs/benchmarks/weak-supervision.md):
    /// with two classes the triplet model — its label-model accuracy on the covered test documents matches or beats
    /// majority vote (WRENCH YouTube 86.2% against 84.1%, WRENCH SMS 82.3% against 81.3%, SMS spam with written rules 96.3%
    /// against 96.1%; Dawid–Skene scores higher there, 86.2%, 85.4%, 97.4%), and the end model trained on its
    /// probabilities is the better one (YouTube 93.2% against Dawid–Skene's 89.2%, SMS spam 98.4% against 98.0%): its
    /// probabilities are less extreme. With more classes, majority vote (TREC, six classes: 62.9% against Dawid–Skene's
    /// 45.9% and the triplet model's 54.1%, as in WRENCH's own results; AG News with written rules 82.8% against 81.0% and 81.1%).
    /// </summary>
    public static string DefaultFor(int classes) => classes == 2 ? "triplet" : "majority";

    /// <summary>Fits the candidates and picks one as described on the class.</summary>
    public static LabelModelChoice Choose(
        LabelMatrix votes, IReadOnlyList<int> goldDocuments, IReadOnlyList<int> goldClasses, ReadOnlySpan<double> classBalance = default)
    {
        ArgumentNullException.ThrowIfNull(votes);
        LabelModelMath.CheckGold(votes, goldDocuments, goldClasses);
        var covered = FittedLabelModel.Covered(votes);
        var usable = 0;
        foreach (var d in goldDocuments)
        {
            usable += covered[d] ? 1 : 0;
        }

        if (usable == 0)
        {
            var name = DefaultFor(votes.Classes);
            var model = LabelModelCatalog.Create(name).Fit(votes, classBalance);
            var why = goldDocuments.Count == 0 ? "no gold documents" : "no gold document has a vote";
            return new LabelModelChoice(model, [], $"{why}: the default for {votes.Classes} classes, {name}");
        }

        var fitted = new List<FittedLabelModel>();
        var scores = new List<LabelModelScore>();
        foreach (var name in LabelModelCatalog.Names)
        {
            var model = LabelModelCatalog.Create(name).Fit(votes, classBalance);
            var (accuracy, logLoss, n) = LabelModelMath.Score(model.Predict(votes), votes.Classes, covered, goldDocuments, goldClasses);
            fitted.Add(model);
            scores.Add(new LabelModelScore(name, accuracy, logLoss, n));
        }

        // Names lists majority first, so a full tie keeps majority vote.
        var best = 0;
        for (var i = 1; i < scores.Count; i++)
        {
            var s = scores[i];
            var b = scores[best];
            if (s.Accuracy > b.Accuracy || (s.Accuracy == b.Accuracy && s.LogLoss < b.LogLoss))
            {
                best = i;
            }
        }

        var chosen = scores[best];
        return new LabelModelChoice(
            fitted[best], scores,
            $"most accurate on the {chosen.Documents} gold documents with a vote: {chosen.Name} at {chosen.Accuracy:P1} (majority vote {scores[0].Accuracy:P1})");
    }
}
