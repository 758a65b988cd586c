using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Loop;

/// <summary>
/// The rows a single-label model trains on when weak labels join the answers: the answers' rows first (weight 1,
/// <see cref="Answers"/> of them, the rows of the <see cref="LabelledRows"/>), then the expanded weak rows, each
/// weighted by <see cref="Weight"/> × its class's share. Cross-validation predicts the answers only, with every fold
/// trained on all the weak rows too.
/// </summary>
/// <param name="Features">Every training row's features.</param>
/// <param name="CorpusRows">Each training row's corpus row.</param>
/// <param name="Labels">Each training row's class.</param>
/// <param name="Shares">Each weak row's share of its document (1 for answers).</param>
/// <param name="Answers">How many of the first rows are answers.</param>
/// <param name="Weight">One weak document's weight in this fit (0: the model was fitted on the answers alone).</param>
public sealed record WeakTraining(FeatureRows Features, int[] CorpusRows, int[] Labels, double[] Shares, int Answers, double Weight)
{
    /// <summary>How many weak documents (not rows) are in the set.</summary>
    public int WeakDocuments { get; init; }

    /// <summary>Each row's weight with a weak document weighing <paramref name="weight"/> (above 0).</summary>
    public double[] WeightsAt(double weight)
    {
        var weights = new double[Shares.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = i < Answers ? 1.0 : weight * Shares[i];
        }

        return weights;
    }
}
