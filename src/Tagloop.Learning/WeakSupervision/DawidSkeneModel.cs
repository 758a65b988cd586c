namespace Tagloop.Learning.WeakSupervision;

/// <summary>A fitted <see cref="DawidSkene"/>: the class prior and, per rule and class, the distribution over the rule's outcomes (each class, then abstain).</summary>
internal sealed class DawidSkeneModel : FittedLabelModel
{
    private readonly double[] prior;
    private readonly double[] theta;
    private readonly double[] logTheta;
    private readonly double[] accuracies;

    public DawidSkeneModel(int rules, double[] prior, double[] theta, int iterations, bool converged)
    {
        Rules = rules;
        this.prior = prior;
        this.theta = theta;
        logTheta = [.. theta.Select(t => Math.Log(t))];
        Iterations = iterations;
        Converged = converged;
        var k = prior.Length;
        accuracies = new double[rules];
        for (var j = 0; j < rules; j++)
        {
            double right = 0, voted = 0;
            for (var y = 0; y < k; y++)
            {
                right += prior[y] * Outcome(j, y, y);
                voted += prior[y] * (1 - Outcome(j, y, k));
            }

            accuracies[j] = right / voted;
        }
    }

    public override string Name => "dawid-skene";

    public override int Classes => prior.Length;

    public override int Rules { get; }

    public override IReadOnlyList<double> ClassBalance => prior;

    public override IReadOnlyList<double> RuleAccuracies => accuracies;

    public int Iterations { get; }

    public bool Converged { get; }

    /// <summary>P(rule <paramref name="rule"/> gives <paramref name="outcome"/> | class <paramref name="y"/>); outcome = Classes is abstain.</summary>
    public double Outcome(int rule, int y, int outcome) => theta[(((rule * Classes) + y) * (Classes + 1)) + outcome];

    public override float[] Predict(LabelMatrix votes)
    {
        CheckShape(votes);
        var k = Classes;
        var outcomes = k + 1;
        Span<double> silent = stackalloc double[k];
        Span<double> log = stackalloc double[k];
        Span<double> probability = stackalloc double[k];
        for (var y = 0; y < k; y++)
        {
            var s = Math.Log(prior[y]);
            for (var j = 0; j < Rules; j++)
            {
                s += logTheta[(((j * k) + y) * outcomes) + k];
            }

            silent[y] = s;
        }

        var rows = votes.Rows;
        var result = new float[votes.Documents * k];
        for (var d = 0; d < votes.Documents; d++)
        {
            var row = result.AsSpan(d * k, k);
            if (rows.VotesOn(d) == 0)
            {
                for (var c = 0; c < k; c++)
                {
                    row[c] = (float)prior[c];
                }

                continue;
            }

            silent.CopyTo(log);
            for (var e = rows.Start[d]; e < rows.Start[d + 1]; e++)
            {
                var cell = rows.Rule[e] * k * outcomes;
                var o = rows.Class[e];
                for (var y = 0; y < k; y++)
                {
                    var at = cell + (y * outcomes);
                    log[y] += logTheta[at + o] - logTheta[at + k];
                }
            }

            DawidSkene.Softmax(log, probability);
            for (var c = 0; c < k; c++)
            {
                row[c] = (float)probability[c];
            }
        }

        return result;
    }
}
