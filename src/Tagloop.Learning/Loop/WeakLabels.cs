namespace Tagloop.Learning.Loop;

/// <summary>
/// Probabilistic labels from labelling rules that the loop trains on beside the answers (single-label models only):
/// corpus rows, each with the label model's class probabilities, and how much one such document weighs against one
/// answer. A weak document joins the training rows once per class it may have, weighted by
/// <see cref="Weight"/> × that class's probability (classes below <see cref="MinimumShare"/> left out, the rest
/// renormalised) — for a softmax model the same loss, gradient and curvature as one row with the soft target.
/// How much the weak labels count, then: <see cref="Weight"/> (a quarter of an answer) × h / (h + answers)
/// (<see cref="WeightFor"/>: half at <see cref="DefaultHalfWeightAt"/> answers) × the reliability the answers show for
/// the class the document's rules name (<see cref="Reliability"/>: 0 for rules no better than the class balance).
/// A weight of 0 trains on answers alone while the weak labels still steer the queue (<see cref="WeakTargeting"/>).
/// </summary>
/// <param name="Rows">Corpus rows the rules label (answered rows among them are left out of training: the answer wins).</param>
/// <param name="Probabilities">Rows × classes, each row summing to 1.</param>
/// <param name="Classes">The number of classes.</param>
/// <param name="Weight">One weak document's weight before any answer (0 or more); an answer weighs 1.</param>
public sealed record WeakLabels(int[] Rows, float[] Probabilities, int Classes, double Weight)
{
    /// <summary>
    /// Before any answer a weak document weighs a quarter of an answer. A rule-made label is a noisy one: the
    /// benchmark's label models are 0.63–0.96 accurate where they vote, and a soft target already says how sure each one
    /// is; a quarter lets a few hundred weak documents carry the cold start and lets answers outweigh them where they
    /// meet. Measured against other schedules (a fixed weight; a weight chosen by cross-validation on the answers, which
    /// the queue picks where the rules err, so it threw good rules away) in docs/benchmarks/weak-supervision.md.
    /// </summary>
    public const double DefaultWeight = 0.25;

    /// <summary>With this many answers a weak document weighs half its <see cref="Weight"/> (<see cref="WeightFor"/>).</summary>
    public const double DefaultHalfWeightAt = 20;

    /// <summary>
    /// Answers at which a weak document's weight has halved: it weighs <see cref="Weight"/> × h / (h + answers), so the
    /// rules carry the cold start and fade as answers come (null: <see cref="Weight"/> throughout).
    /// </summary>
    public double? HalfWeightAt { get; init; } = DefaultHalfWeightAt;

    /// <summary>Whether the weak labels steer the queue (<see cref="WeakTargeting"/>).</summary>
    public bool Steer { get; init; } = true;

    /// <summary>How sure the rules are taken to be before answers say otherwise: the share of a class's weak labels taken as right (<see cref="Reliability"/>).</summary>
    public const double PriorPrecision = 0.8;

    /// <summary>How many answers that prior is worth.</summary>
    public const double PriorStrength = 4;

    /// <summary>
    /// Per class, how far the weak labels naming it beat chance on the answered documents they cover: the precision
    /// p_c of "the label model's top class is c" among answered weak documents (a Beta prior of
    /// <see cref="PriorStrength"/> answers at <see cref="PriorPrecision"/> added), against the class's share π_c of the
    /// answers (Laplace-smoothed): (p_c − π_c) / (1 − π_c), clamped to [0, 1]. Weak documents of a class whose rules are
    /// no better than guessing from the class balance then weigh nothing. Answers are chosen by the queue where the
    /// model is unsure — where the rules err most — so this leans low, the safe side.
    /// </summary>
    public double[] Reliability(LabelledRows answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var index = new Dictionary<int, int>(Rows.Length);
        for (var i = 0; i < Rows.Length; i++)
        {
            index[Rows[i]] = i;
        }

        var named = new double[Classes];
        var right = new double[Classes];
        var share = new double[Classes];
        for (var a = 0; a < answers.Rows.Length; a++)
        {
            if (answers.Sets[a].Length == 0)
            {
                continue;
            }

            var gold = answers.Sets[a][0];
            share[gold]++;
            if (index.TryGetValue(answers.Rows[a], out var w))
            {
                var top = TopClass(w);
                named[top]++;
                right[top] += top == gold ? 1 : 0;
            }
        }

        var total = share.Sum();
        var reliability = new double[Classes];
        for (var c = 0; c < Classes; c++)
        {
            var precision = (right[c] + (PriorStrength * PriorPrecision)) / (named[c] + PriorStrength);
            var chance = (share[c] + 1) / (total + Classes);
            reliability[c] = Math.Clamp((precision - chance) / (1 - chance), 0, 1);
        }

        return reliability;
    }

    /// <summary>The class the label model gives weak document <paramref name="i"/> (an index into <see cref="Rows"/>) most.</summary>
    public int TopClass(int i)
    {
        var q = Probabilities.AsSpan(i * Classes, Classes);
        var best = 0;
        for (var c = 1; c < Classes; c++)
        {
            if (q[c] > q[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>A weak document's weight beside <paramref name="answers"/> answers.</summary>
    public double WeightFor(int answers) => Weight * Fade(answers);

    /// <summary>h / (h + answers) with h = <see cref="HalfWeightAt"/> (1 without it): how much the rules still count beside the answers.</summary>
    public double Fade(int answers) => HalfWeightAt is { } half && half > 0 ? half / (half + answers) : 1.0;



    /// <summary>
    /// At most this many weak documents train (a fixed pseudo-random choice of them, the same from one refit to the
    /// next): the model refits after every answer, and its cost grows with its rows. Every weak document still steers
    /// the queue (<see cref="WeakTargeting"/>).
    /// </summary>
    public int MaxTrainingDocuments { get; init; } = 500;

    /// <summary>A weak document weighing less than this (of an answer) is left out: the answers alone decide, and the refit costs less.</summary>
    public const double NegligibleWeight = 1e-3;

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
    public (int[] Rows, int[] Classes, double[] Shares) Expand(IReadOnlySet<int> answered) => Expand(answered, null);

    /// <summary>As <see cref="Expand(IReadOnlySet{int})"/>, each share multiplied by <paramref name="classWeights"/> of its document's top class (<see cref="Reliability"/>); documents whose factor is 0 are left out.</summary>
    public (int[] Rows, int[] Classes, double[] Shares) Expand(IReadOnlySet<int> answered, IReadOnlyList<double>? classWeights)
    {
        ArgumentNullException.ThrowIfNull(answered);
        var rows = new List<int>();
        var classes = new List<int>();
        var weights = new List<double>();
        var candidates = Enumerable.Range(0, Rows.Length).Where(i => !answered.Contains(Rows[i]) && (classWeights is null || classWeights[TopClass(i)] > 0));
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
                    weights.Add(q[c] / kept * (classWeights?[TopClass(i)] ?? 1.0));
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
