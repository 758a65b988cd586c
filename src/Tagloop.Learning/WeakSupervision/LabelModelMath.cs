namespace Tagloop.Learning.WeakSupervision;

/// <summary>What the label models share: the class balance argument, majority-vote shares, and scores against gold.</summary>
internal static class LabelModelMath
{
    /// <summary>The given class balance normalised to sum to 1, or null when none was given.</summary>
    public static double[]? ReadBalance(ReadOnlySpan<double> classBalance, int classes)
    {
        if (classBalance.IsEmpty)
        {
            return null;
        }

        if (classBalance.Length != classes)
        {
            throw new ArgumentException($"The class balance has {classBalance.Length} entries for {classes} classes.", nameof(classBalance));
        }

        var sum = 0.0;
        for (var c = 0; c < classes; c++)
        {
            if (!double.IsFinite(classBalance[c]) || classBalance[c] < 0)
            {
                throw new ArgumentException($"Class balance entry {c} is {classBalance[c]}: each must be finite and non-negative.", nameof(classBalance));
            }

            sum += classBalance[c];
        }

        if (sum <= 0)
        {
            throw new ArgumentException("The class balance sums to 0.", nameof(classBalance));
        }

        var result = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            result[c] = classBalance[c] / sum;
        }

        return result;
    }

    /// <summary>The mean over covered documents of their majority-vote shares (uniform when nothing is covered).</summary>
    public static double[] MajorityBalance(VotePatterns patterns, int classes)
    {
        var sum = new double[classes];
        var covered = 0.0;
        for (var p = 0; p < patterns.Count; p++)
        {
            var votes = patterns.VotesIn(p);
            if (votes == 0)
            {
                continue;
            }

            var share = (double)patterns.Weight[p] / votes;
            for (var e = patterns.Start[p]; e < patterns.Start[p + 1]; e++)
            {
                sum[patterns.Class[e]] += share;
            }

            covered += patterns.Weight[p];
        }

        for (var c = 0; c < classes; c++)
        {
            sum[c] = covered > 0 ? sum[c] / covered : 1.0 / classes;
        }

        return sum;
    }

    /// <summary>
    /// Accuracy and mean log-loss of <paramref name="probabilities"/> on the gold documents that have a vote. A document
    /// whose top probability is shared by t classes scores 1/t when the gold class is among them (the expected accuracy
    /// of a random tie-break), so majority vote is not flattered or punished by the order of the classes.
    /// </summary>
    public static (double Accuracy, double LogLoss, int Documents) Score(
        float[] probabilities, int classes, bool[] covered, IReadOnlyList<int> goldDocuments, IReadOnlyList<int> goldClasses)
    {
        var correct = 0.0;
        var loss = 0.0;
        var n = 0;
        for (var i = 0; i < goldDocuments.Count; i++)
        {
            var d = goldDocuments[i];
            if (!covered[d])
            {
                continue;
            }

            var row = probabilities.AsSpan(d * classes, classes);
            var top = float.NegativeInfinity;
            foreach (var v in row)
            {
                top = Math.Max(top, v);
            }

            var tied = 0;
            foreach (var v in row)
            {
                tied += v >= top ? 1 : 0;
            }

            var gold = goldClasses[i];
            correct += row[gold] >= top ? 1.0 / tied : 0;
            loss -= Math.Log(Math.Max(row[gold], 1e-6));
            n++;
        }

        return n == 0 ? (double.NaN, double.NaN, 0) : (correct / n, loss / n, n);
    }

    /// <summary>Checks gold documents and classes against a matrix: same length, documents in range, classes in range.</summary>
    public static void CheckGold(LabelMatrix votes, IReadOnlyList<int> goldDocuments, IReadOnlyList<int> goldClasses)
    {
        ArgumentNullException.ThrowIfNull(goldDocuments);
        ArgumentNullException.ThrowIfNull(goldClasses);
        if (goldDocuments.Count != goldClasses.Count)
        {
            throw new ArgumentException($"{goldDocuments.Count} gold documents but {goldClasses.Count} gold classes.", nameof(goldClasses));
        }

        for (var i = 0; i < goldDocuments.Count; i++)
        {
            if (goldDocuments[i] < 0 || goldDocuments[i] >= votes.Documents)
            {
                throw new ArgumentException($"Gold document {goldDocuments[i]} (entry {i}) is outside 0..{votes.Documents - 1}.", nameof(goldDocuments));
            }

            if (goldClasses[i] < 0 || goldClasses[i] >= votes.Classes)
            {
                throw new ArgumentException($"Gold class {goldClasses[i]} (entry {i}) is outside 0..{votes.Classes - 1}.", nameof(goldClasses));
            }
        }
    }
}
