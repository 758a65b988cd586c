namespace Tagloop.Learning.Loop;

/// <summary>
/// Leans the queue towards the documents where labelling rules help least: those no rule labels, those the label model
/// is unsure of (rules in conflict, or weak ones), and those whose weak label the model now contradicts. Each such
/// document's acquisition score is multiplied by up to <see cref="Boost"/>: 1 + (Boost − 1) × how reliable the rules
/// have proved on the answers (<see cref="WeakLabels.Reliability"/>: of the weak label's class, or on average for a
/// document no rule labels), so rules no better than guessing steer nothing. (Fading this with the answers as the
/// weight fades was measured too: no better at 100–200 answers on YouTube, worse at 100.) The strategy still orders documents
/// within each kind, and a document the rules label surely and the model agrees with can still come first when the
/// model is uncertain enough about it.
/// </summary>
public static class WeakTargeting
{
    /// <summary>The factor on a targeted document's score.</summary>
    public const float Boost = 2f;

    /// <summary>A weak label at or above this probability counts as sure.</summary>
    public const float SureAbove = 0.8f;

    /// <summary>Why a pool document is targeted, if it is.</summary>
    public enum Reason
    {
        None,
        Uncovered,
        Uncertain,
        ModelDisagrees,
    }

    /// <summary>
    /// Multiplies the scores of targeted pool rows by <see cref="Boost"/> (scores shifted to be non-negative first, which
    /// keeps their order). <paramref name="pool"/>[i] is score i's corpus row; <paramref name="probabilities"/> the model's, pool rows × classes.
    /// </summary>
    /// <param name="reliability">Per class, <see cref="WeakLabels.Reliability"/> (null: fully reliable).</param>
    public static void Apply(float[] scores, int[] pool, WeakLabels weak, float[] probabilities, int classes, IReadOnlyList<double>? reliability = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(weak);
        ArgumentNullException.ThrowIfNull(probabilities);
        var reasons = Reasons(pool, weak, probabilities, classes);
        var index = new Dictionary<int, int>(weak.Rows.Length);
        for (var i = 0; i < weak.Rows.Length; i++)
        {
            index[weak.Rows[i]] = i;
        }

        var average = reliability is null || reliability.Count == 0 ? 1.0 : reliability.Average();
        var lowest = scores.Length == 0 ? 0f : scores.Min();
        var shift = lowest < 0 || !float.IsFinite(lowest) ? -lowest : 0f;
        for (var i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i]))
            {
                continue;
            }

            scores[i] += shift;
            if (reasons[i] != Reason.None)
            {
                var trust = reliability is null ? 1.0 : reasons[i] == Reason.Uncovered ? average : reliability[weak.TopClass(index[pool[i]])];
                scores[i] *= (float)(1 + ((Boost - 1) * trust));
            }
        }
    }

    /// <summary>Each pool row's reason to be targeted.</summary>
    public static Reason[] Reasons(int[] pool, WeakLabels weak, float[] probabilities, int classes)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(weak);
        ArgumentNullException.ThrowIfNull(probabilities);
        var index = new Dictionary<int, int>(weak.Rows.Length);
        for (var i = 0; i < weak.Rows.Length; i++)
        {
            index[weak.Rows[i]] = i;
        }

        var reasons = new Reason[pool.Length];
        for (var i = 0; i < pool.Length; i++)
        {
            if (!index.TryGetValue(pool[i], out var w))
            {
                reasons[i] = Reason.Uncovered;
                continue;
            }

            var q = weak.Probabilities.AsSpan(w * weak.Classes, weak.Classes);
            var weakClass = ArgMax(q);
            if (q[weakClass] < SureAbove)
            {
                reasons[i] = Reason.Uncertain;
            }
            else if (ArgMax(probabilities.AsSpan(i * classes, classes)) != weakClass)
            {
                reasons[i] = Reason.ModelDisagrees;
            }
        }

        return reasons;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var c = 1; c < values.Length; c++)
        {
            if (values[c] > values[best])
            {
                best = c;
            }
        }

        return best;
    }
}
