namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Majority vote: a covered document's probability for each class is the share of its votes that class got, so a tie
/// splits evenly between the tied classes (two votes for A and two for B give ½ and ½). Uncovered documents get the
/// class balance: the one given, else the mean of the covered documents' shares. Every rule counts the same; the
/// baseline the other label models are measured against.
/// </summary>
public sealed class MajorityVote : IWeakLabelModel
{
    public string Name => "majority";

    public FittedLabelModel Fit(LabelMatrix votes, ReadOnlySpan<double> classBalance = default)
    {
        ArgumentNullException.ThrowIfNull(votes);
        var balance = LabelModelMath.ReadBalance(classBalance, votes.Classes)
            ?? LabelModelMath.MajorityBalance(VotePatterns.From(votes), votes.Classes);
        return new Fitted(votes.Rules, balance);
    }

    private sealed class Fitted(int rules, double[] balance) : FittedLabelModel
    {
        private readonly double[] accuracies = Enumerable.Repeat(double.NaN, rules).ToArray();

        public override string Name => "majority";

        public override int Classes => balance.Length;

        public override int Rules => rules;

        public override IReadOnlyList<double> ClassBalance => balance;

        public override IReadOnlyList<double> RuleAccuracies => accuracies;

        public override float[] Predict(LabelMatrix votes)
        {
            CheckShape(votes);
            var k = Classes;
            var rows = votes.Rows;
            var result = new float[votes.Documents * k];
            for (var d = 0; d < votes.Documents; d++)
            {
                var row = result.AsSpan(d * k, k);
                var count = rows.VotesOn(d);
                if (count == 0)
                {
                    for (var c = 0; c < k; c++)
                    {
                        row[c] = (float)balance[c];
                    }

                    continue;
                }

                var share = 1f / count;
                for (var e = rows.Start[d]; e < rows.Start[d + 1]; e++)
                {
                    row[rows.Class[e]] += share;
                }
            }

            return result;
        }
    }
}
