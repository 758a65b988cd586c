namespace Tagloop.Learning.WeakSupervision;

/// <summary>A label model fitted on one label matrix, applicable to any matrix with the same rules and classes (another split, or the corpus after a rule changed coverage).</summary>
public abstract class FittedLabelModel
{
    /// <summary>The model's name: majority, dawid-skene, triplet.</summary>
    public abstract string Name { get; }

    public abstract int Classes { get; }

    public abstract int Rules { get; }

    /// <summary>The class balance the model assumes (given, or estimated from the votes).</summary>
    public abstract IReadOnlyList<double> ClassBalance { get; }

    /// <summary>Each rule's estimated accuracy (the chance its vote is right when it votes), NaN where the model does not estimate one.</summary>
    public abstract IReadOnlyList<double> RuleAccuracies { get; }

    /// <summary>Documents × classes, row-major: the probability of each class given the votes. Uncovered documents (no vote) get the class balance.</summary>
    public abstract float[] Predict(LabelMatrix votes);

    /// <summary>Whether each document has at least one vote.</summary>
    public static bool[] Covered(LabelMatrix votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        var rows = votes.Rows;
        var covered = new bool[votes.Documents];
        for (var i = 0; i < covered.Length; i++)
        {
            covered[i] = rows.Start[i + 1] > rows.Start[i];
        }

        return covered;
    }

    protected void CheckShape(LabelMatrix votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        if (votes.Rules != Rules || votes.Classes != Classes)
        {
            throw new ArgumentException($"The model was fitted on {Rules} rules × {Classes} classes; this matrix has {votes.Rules} × {votes.Classes}.", nameof(votes));
        }
    }
}
