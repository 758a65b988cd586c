namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// A fitted <see cref="TripletLabelModel"/>: per one-vs-rest problem, the log-odds of the class when every rule
/// abstains, and what each rule's +1 or −1 vote adds to it. Two classes keep class 1's problem only.
/// </summary>
internal sealed class TripletModel(int rules, double[] balance, double[] accuracies, double[] baseLogOdds, double[] plus, double[] minus)
    : FittedLabelModel
{
    public override string Name => "triplet";

    public override int Classes => balance.Length;

    public override int Rules => rules;

    public override IReadOnlyList<double> ClassBalance => balance;

    public override IReadOnlyList<double> RuleAccuracies => accuracies;

    /// <summary>The log-odds of class <paramref name="c"/> (class 1 with two classes) against the rest with every rule abstaining.</summary>
    internal double BaseLogOdds(int c) => baseLogOdds[Classes == 2 ? 0 : c];

    public override float[] Predict(LabelMatrix votes)
    {
        CheckShape(votes);
        var k = Classes;
        var problems = baseLogOdds.Length;
        Span<double> log = stackalloc double[k];
        Span<double> probability = stackalloc double[k];
        var rows = votes.Rows;
        var result = new float[votes.Documents * k];
        for (var d = 0; d < votes.Documents; d++)
        {
            var row = result.AsSpan(d * k, k);
            if (rows.VotesOn(d) == 0)
            {
                for (var c = 0; c < k; c++)
                {
                    row[c] = (float)balance[c];
                }

                continue;
            }

            for (var t = 0; t < problems; t++)
            {
                var c = k == 2 ? 1 : t;
                var odds = baseLogOdds[t];
                for (var e = rows.Start[d]; e < rows.Start[d + 1]; e++)
                {
                    var at = (t * rules) + rows.Rule[e];
                    odds += rows.Class[e] == c ? plus[at] : minus[at];
                }

                if (k == 2)
                {
                    var p1 = 1 / (1 + Math.Exp(-odds));
                    row[0] = (float)(1 - p1);
                    row[1] = (float)p1;
                }
                else
                {
                    // log σ(odds), kept finite for large |odds|.
                    log[c] = odds >= 0 ? -Math.Log(1 + Math.Exp(-odds)) : odds - Math.Log(1 + Math.Exp(odds));
                }
            }

            if (k > 2)
            {
                DawidSkene.Softmax(log, probability);
                for (var c = 0; c < k; c++)
                {
                    row[c] = (float)probability[c];
                }
            }
        }

        return result;
    }
}
