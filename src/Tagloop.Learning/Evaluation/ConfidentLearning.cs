namespace Tagloop.Learning.Evaluation;

/// <summary>
/// Finds likely mislabels by confident learning (Northcutt, Jiang and Chuang, 2021), written here from the paper:
/// from out-of-fold predicted probabilities, each class's threshold is the mean probability the model gives that class
/// on the rows labelled with it; a row "confidently belongs" to the most probable class whose threshold it reaches;
/// counting given against confident classes gives the confident joint, which is calibrated so each given class's row
/// sums to its count. The off-diagonal counts estimate how many rows of each given class truly belong to another; that
/// many rows of the given class, those with the largest margin of the other class over the given one, are flagged
/// ("prune by noise rate"). Flagged rows, and every row in <see cref="Rank"/>, are ordered by self-confidence, the
/// probability of the given label, least first (the paper's and cleanlab's default ranking). The probabilities must be
/// out-of-fold: a model's predictions on its own training rows agree with their labels, noise included.
/// </summary>
public static class ConfidentLearning
{
    /// <summary>
    /// The suspected mislabels among rows with probabilities <paramref name="probabilities"/> (rows × classes) and given
    /// labels <paramref name="labels"/>, as many as the calibrated confident joint estimates are wrong, most suspicious
    /// (least self-confident) first.
    /// </summary>
    public static IReadOnlyList<SuspectedLabel> Find(ReadOnlySpan<float> probabilities, IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var rows = labels.Count;
        if (probabilities.Length != rows * classes)
        {
            throw new ArgumentException($"{rows} rows of {classes} classes need {rows * classes} probabilities; got {probabilities.Length}.", nameof(probabilities));
        }

        // Per-class thresholds: the mean self-confidence of the rows given that class.
        var thresholds = new double[classes];
        var counts = new int[classes];
        for (var i = 0; i < rows; i++)
        {
            thresholds[labels[i]] += probabilities[(i * classes) + labels[i]];
            counts[labels[i]]++;
        }

        for (var c = 0; c < classes; c++)
        {
            thresholds[c] = counts[c] == 0 ? double.PositiveInfinity : thresholds[c] / counts[c];
        }

        // The confident joint: given class × the class each row confidently belongs to.
        var joint = new double[classes, classes];
        for (var i = 0; i < rows; i++)
        {
            var best = -1;
            var bestP = double.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                var p = probabilities[(i * classes) + c];
                if (p >= thresholds[c] && p > bestP)
                {
                    (best, bestP) = (c, p);
                }
            }

            if (best >= 0)
            {
                joint[labels[i], best]++;
            }
        }

        // Calibrated so that each given class's counts sum to how many rows have it.
        var flagged = new Dictionary<int, (int Suggested, double Margin)>();
        for (var given = 0; given < classes; given++)
        {
            var total = 0.0;
            for (var c = 0; c < classes; c++)
            {
                total += joint[given, c];
            }

            if (total == 0)
            {
                continue;
            }

            var members = Enumerable.Range(0, rows).Where(i => labels[i] == given).ToList();
            for (var other = 0; other < classes; other++)
            {
                var estimate = (int)Math.Round(joint[given, other] / total * counts[given]);
                if (other == given || estimate == 0)
                {
                    continue;
                }

                var margins = new List<(int Row, double Margin)>(members.Count);
                foreach (var i in members)
                {
                    margins.Add((i, probabilities[(i * classes) + other] - probabilities[(i * classes) + given]));
                }

                foreach (var (row, margin) in margins.OrderByDescending(m => m.Margin).ThenBy(m => m.Row).Take(estimate))
                {
                    if (!flagged.TryGetValue(row, out var already) || already.Margin < margin)
                    {
                        flagged[row] = (other, margin);
                    }
                }
            }
        }

        var suspected = new List<SuspectedLabel>(flagged.Count);
        foreach (var (row, (suggested, _)) in flagged)
        {
            suspected.Add(new SuspectedLabel(row, labels[row], suggested, 1 - probabilities[(row * classes) + labels[row]]));
        }

        return [.. suspected.OrderByDescending(s => s.Score).ThenBy(s => s.Row)];
    }

    /// <summary>
    /// Every row, least self-confident first (the probability of its given label, lowest first; ties by row), each with
    /// the most probable other label as the suggestion: the ranking to read any precision–recall point off. The rows
    /// <see cref="Find"/> flags (chosen by the noise estimate, class pair by class pair) come in this same order.
    /// </summary>
    public static IReadOnlyList<SuspectedLabel> Rank(ReadOnlySpan<float> probabilities, IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var rows = labels.Count;
        if (probabilities.Length != rows * classes || classes < 2)
        {
            throw new ArgumentException($"{rows} rows of {classes} classes (at least two) need {rows * classes} probabilities; got {probabilities.Length}.", nameof(probabilities));
        }

        var ranked = new SuspectedLabel[rows];
        for (var i = 0; i < rows; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            var given = labels[i];
            var suggested = given == 0 ? 1 : 0;
            for (var c = 0; c < classes; c++)
            {
                if (c != given && row[c] > row[suggested])
                {
                    suggested = c;
                }
            }

            ranked[i] = new SuspectedLabel(i, given, suggested, 1 - row[given]);
        }

        return [.. ranked.OrderByDescending(s => s.Score).ThenBy(s => s.Row)];
    }
}
