namespace Tagloop.Learning.Spans;

/// <summary>
/// Scores an unlabelled sentence for active learning from the tagger's prediction (higher: ask sooner).
/// <list type="bullet">
/// <item><c>least-confidence</c>: 1 − P(best path). Long sentences score high simply for being long.</item>
/// <item><c>mnlp</c>: −log P(best path) / tokens (maximum normalised log-probability, Shen et al. 2017): the least
/// confidence per token, so a sentence costs what its length costs.</item>
/// <item><c>token-entropy</c>: the mean entropy of the tokens' tag marginals.</item>
/// <item><c>bald</c>: the mean over tokens of the mutual information between a token's tag and the model, estimated
/// from a bootstrap ensemble of taggers (each trained on a resample of the answers): H(mean marginal) − mean H(marginal).
/// Disagreement between plausible models, not noise every model sees, so it asks about what the model does not know.</item>
/// <item><c>random</c>: a fixed pseudo-random order (the baseline).</item>
/// <item><c>surprisal</c>: −log P(best path), the whole sentence's surprise at its best guess (MNLP without the division
/// by length), with each batch spread by <see cref="SelectBatch"/>. The per-token forms favour one- and two-word lines
/// (headlines, table headings, a name alone) and, within a batch, copies of the same line; a sentence's information
/// grows with its length, so the sum ranks by what an answer teaches, and the spread keeps near-copies out of one batch.</item>
/// </list>
/// The per-token forms are the cost-aware ones: a sentence's effort grows with its length, and they rank by
/// uncertainty per token.
/// </summary>
public static class SentenceAcquisition
{
    public const string Random = "random";
    public const string LeastConfidence = "least-confidence";
    public const string Mnlp = "mnlp";
    public const string TokenEntropy = "token-entropy";
    public const string Bald = "bald";
    public const string Surprisal = "surprisal";

    /// <summary>
    /// <see cref="SelectBatch"/>'s default: a candidate whose words overlap an already chosen one's by this Jaccard
    /// similarity or more waits for a later batch.
    /// </summary>
    public const double DefaultMaxSimilarity = 0.5;

    /// <summary>
    /// The default strategy, chosen by the span benchmark (docs/benchmarks/spans.md): never below random on CoNLL-2003 and
    /// the fewest sentences to 95 % of the full-data F1. <c>mnlp</c> asks for one- and two-word lines and trails random
    /// until about 1,500 sentences, though it is the cheaper per token.
    /// </summary>
    public const string Default = Surprisal;

    /// <summary>Every strategy's name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Mnlp, LeastConfidence, TokenEntropy, Bald, Random, Surprisal];

    /// <summary>Whether <paramref name="strategy"/> needs a bootstrap ensemble's predictions.</summary>
    public static bool NeedsEnsemble(string strategy) => strategy == Bald;

    /// <summary>Whether <paramref name="strategy"/> chooses a batch with <see cref="SelectBatch"/> rather than by score alone.</summary>
    public static bool SpreadsBatches(string strategy) => strategy == Surprisal;

    /// <summary>The canonical name, or null when unknown.</summary>
    public static string? Find(string name) => Names.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The score of one sentence. <paramref name="ensemble"/> holds the same sentence's predictions by the bootstrap
    /// members (only <c>bald</c> reads it); <paramref name="tieBreak"/> (in [0, 1)) orders the random strategy.
    /// </summary>
    public static double Score(string strategy, CrfPrediction prediction, IReadOnlyList<CrfPrediction>? ensemble = null, double tieBreak = 0)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var n = prediction.Tags.Count;
        switch (strategy)
        {
            case Random:
                return tieBreak;
            case LeastConfidence:
                return 1 - prediction.BestPathProbability;
            case Mnlp:
                return n == 0 ? 0 : -prediction.NormalizedLogProbability;
            case Surprisal:
                return n == 0 ? 0 : -prediction.BestPathLogProbability;
            case TokenEntropy:
                return n == 0 ? 0 : prediction.Entropies.Average();
            case Bald:
                if (ensemble is null || ensemble.Count < 2)
                {
                    throw new ArgumentException("BALD needs the predictions of at least two bootstrap taggers.", nameof(ensemble));
                }

                return n == 0 ? 0 : MutualInformation(ensemble);
            default:
                throw new ArgumentException($"Unknown strategy '{strategy}'; use {string.Join(", ", Names)}.", nameof(strategy));
        }
    }

    /// <summary>
    /// Chooses <paramref name="count"/> of the candidates for one batch: down the ranking by score (ties by position), a
    /// candidate is taken unless its words are near-copies of a sentence taken before it in this batch — Jaccard similarity
    /// of their <see cref="WordKeys"/> at least <paramref name="maxSimilarity"/>. A batch is answered before the tagger
    /// learns from it, so a second copy of a line (a league heading, a score line's template) teaches almost nothing the
    /// first does not. When too few candidates pass, the batch is filled with the best of those passed over.
    /// </summary>
    /// <param name="scores">Each candidate's score (higher: ask sooner), e.g. from <see cref="Score"/>.</param>
    /// <param name="tokens">Each candidate's tokens, in the order of <paramref name="scores"/>.</param>
    /// <param name="count">How many to choose.</param>
    /// <param name="maxSimilarity">In (0, 1]: 1 passes over exact word-set copies only.</param>
    /// <returns>Positions in <paramref name="scores"/>, in the order chosen.</returns>
    public static int[] SelectBatch(IReadOnlyList<double> scores, IReadOnlyList<IReadOnlyList<string>> tokens, int count, double maxSimilarity = DefaultMaxSimilarity)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count != scores.Count)
        {
            throw new ArgumentException($"There are {scores.Count} scores but {tokens.Count} token lists.", nameof(tokens));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(maxSimilarity > 0 && maxSimilarity <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxSimilarity), maxSimilarity, "maxSimilarity must be in (0, 1].");
        }

        var order = new int[scores.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]) is var c && c != 0 ? c : a.CompareTo(b));
        count = Math.Min(count, order.Length);
        var chosen = new List<int>(count);
        var chosenKeys = new List<HashSet<string>>(count);
        var passed = new List<int>();
        foreach (var candidate in order)
        {
            if (chosen.Count == count)
            {
                break;
            }

            var keys = WordKeys(tokens[candidate]);
            if (chosenKeys.Any(k => Jaccard(keys, k) >= maxSimilarity))
            {
                passed.Add(candidate);
                continue;
            }

            chosen.Add(candidate);
            chosenKeys.Add(keys);
        }

        chosen.AddRange(passed.Take(count - chosen.Count));
        return [.. chosen];
    }

    /// <summary>
    /// The words <see cref="SelectBatch"/> compares: tokens with a letter or digit, lower case, every digit read as 0
    /// (so score lines and dates of one template match); punctuation left out.
    /// </summary>
    public static HashSet<string> WordKeys(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (!token.Any(char.IsLetterOrDigit))
            {
                continue;
            }

            keys.Add(string.Create(token.Length, token, static (span, t) =>
            {
                for (var i = 0; i < t.Length; i++)
                {
                    span[i] = char.IsDigit(t[i]) ? '0' : char.ToLowerInvariant(t[i]);
                }
            }));
        }

        return keys;
    }

    /// <summary>|a ∩ b| / |a ∪ b|; two empty sets are the same (1).</summary>
    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }

        var shared = 0;
        foreach (var key in a.Count <= b.Count ? a : b)
        {
            if ((a.Count <= b.Count ? b : a).Contains(key))
            {
                shared++;
            }
        }

        return (double)shared / (a.Count + b.Count - shared);
    }

    /// <summary>Mean over tokens of H(mean of the members' marginals) − mean of the members' H, in nats.</summary>
    public static double MutualInformation(IReadOnlyList<CrfPrediction> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var first = members[0];
        var n = first.Tags.Count;
        var labels = first.Labels.Count;
        foreach (var m in members)
        {
            if (m.Tags.Count != n || !m.Labels.SequenceEqual(first.Labels, StringComparer.Ordinal))
            {
                throw new ArgumentException("The members' predictions must be of the same sentence over the same tags.", nameof(members));
            }
        }

        if (n == 0)
        {
            return 0;
        }

        var mean = new double[labels];
        var total = 0.0;
        for (var t = 0; t < n; t++)
        {
            Array.Clear(mean);
            var memberEntropy = 0.0;
            foreach (var m in members)
            {
                memberEntropy += m.Entropies[t];
                for (var l = 0; l < labels; l++)
                {
                    mean[l] += m.Marginals[(t * labels) + l];
                }
            }

            var h = 0.0;
            foreach (var sum in mean)
            {
                var q = sum / members.Count;
                h -= q > 0 ? q * Math.Log(q) : 0;
            }

            total += Math.Max(0, h - (memberEntropy / members.Count));
        }

        return total / n;
    }
}
