namespace Tagloop.Learning.Loop;

/// <summary>
/// Probabilistic labels from labelling rules that the loop trains on beside the answers (single-label models only):
/// corpus rows, each with the label model's class probabilities, and how much one such document weighs against one
/// answer. A weak document joins the training rows once per class it may have, weighted by
/// <see cref="Weight"/> × that class's probability (classes below <see cref="MinimumShare"/> left out, the rest
/// renormalised) — for a softmax model the same loss, gradient and curvature as one row with the soft target.
/// A weight of 0 trains on answers alone while the weak labels still steer the queue (<see cref="WeakTargeting"/>):
/// <see cref="LabellingLoop.Evaluate"/> chooses the weight on held-out answers once there are enough of them.
/// </summary>
/// <param name="Rows">Corpus rows the rules label (answered rows among them are left out of training: the answer wins).</param>
/// <param name="Probabilities">Rows × classes, each row summing to 1.</param>
/// <param name="Classes">The number of classes.</param>
/// <param name="Weight">One weak document's total weight (0 or more); an answer weighs 1.</param>
public sealed record WeakLabels(int[] Rows, float[] Probabilities, int Classes, double Weight)
{
    /// <summary>
    /// A weak document weighs a quarter of an answer until the answers can say better. A rule-made label is a noisy
    /// one: the benchmark's label models are 0.63–0.96 accurate where they vote, and a soft target already says how sure
    /// each one is; a quarter lets a few hundred weak documents carry the cold start and lets answers outweigh them
    /// where they meet (four agreeing weak documents count as much as one answer). From
    /// <see cref="EvaluationSchedule.MinimumLabels"/> answers on, each evaluation picks among <see cref="Weights"/> the
    /// weight whose cross-validated model predicts the held-out answers best. Measured in docs/benchmarks/weak-supervision.md.
    /// </summary>
    public const double DefaultWeight = 0.25;

    /// <summary>The weights an evaluation chooses among: the default, a sixteenth of an answer, and none (answers alone).</summary>
    public static IReadOnlyList<double> Weights { get; } = [DefaultWeight, DefaultWeight / 4, 0];

    /// <summary>
    /// At most this many weak documents train (a fixed pseudo-random choice of them, the same from one refit to the
    /// next): the model refits after every answer, and its cost grows with its rows. Every weak document still steers
    /// the queue (<see cref="WeakTargeting"/>).
    /// </summary>
    public int MaxTrainingDocuments { get; init; } = 500;

    /// <summary>Classes the label model gives less than this are left out of a weak document's targets.</summary>
    public const double MinimumShare = 0.05;

    /// <summary>The rows and class probabilities checked: one row of <see cref="Classes"/> probabilities per document, finite and non-negative; a weight of 0 or more.</summary>
    public WeakLabels Checked()
    {
        ArgumentNullException.ThrowIfNull(Rows);
        ArgumentNullException.ThrowIfNull(Probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(Classes, 2);
        if (!(Weight >= 0) || !double.IsFinite(Weight))
        {
            throw new ArgumentOutOfRangeException(nameof(Weight), Weight, "A weak document's weight must be 0 or more, and finite.");
        }

        if (Probabilities.Length != Rows.Length * Classes)
        {
            throw new ArgumentException($"{Probabilities.Length} probabilities for {Rows.Length} rows × {Classes} classes.", nameof(Probabilities));
        }

        foreach (var q in Probabilities)
        {
            if (!(q >= 0) || !float.IsFinite(q))
            {
                throw new ArgumentException($"A probability of {q}.", nameof(Probabilities));
            }
        }

        return this;
    }

    /// <summary>
    /// The expanded training rows for up to <see cref="MaxTrainingDocuments"/> weak documents not in
    /// <paramref name="answered"/> (chosen by a hash of the corpus row, so the same ones from one refit to the next):
    /// corpus row, class, and that class's share of the document (its probability, renormalised), in corpus order.
    /// </summary>
    public (int[] Rows, int[] Classes, double[] Shares) Expand(IReadOnlySet<int> answered)
    {
        ArgumentNullException.ThrowIfNull(answered);
        var rows = new List<int>();
        var classes = new List<int>();
        var weights = new List<double>();
        var candidates = Enumerable.Range(0, Rows.Length).Where(i => !answered.Contains(Rows[i]));
        var chosen = candidates.Count() <= MaxTrainingDocuments
            ? candidates.ToArray()
            : [.. candidates.OrderBy(i => Mix(Rows[i])).ThenBy(i => Rows[i]).Take(MaxTrainingDocuments).OrderBy(i => Rows[i])];
        foreach (var i in chosen)
        {
            var q = Probabilities.AsSpan(i * Classes, Classes);
            var kept = 0.0;
            foreach (var v in q)
            {
                kept += v >= MinimumShare ? v : 0;
            }

            if (kept <= 0)
            {
                continue;
            }

            for (var c = 0; c < Classes; c++)
            {
                if (q[c] >= MinimumShare)
                {
                    rows.Add(Rows[i]);
                    classes.Add(c);
                    weights.Add(q[c] / kept);
                }
            }
        }

        return ([.. rows], [.. classes], [.. weights]);
    }

    private static uint Mix(int row)
    {
        var x = (uint)row * 0x9E3779B1u;
        x ^= x >> 15;
        x *= 0x85EBCA77u;
        return x ^ (x >> 13);
    }
}
