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

    /// <summary>The default strategy, chosen by the span benchmark (docs/benchmarks/spans.md).</summary>
    public const string Default = Mnlp;

    /// <summary>Every strategy's name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Mnlp, LeastConfidence, TokenEntropy, Bald, Random];

    /// <summary>Whether <paramref name="strategy"/> needs a bootstrap ensemble's predictions.</summary>
    public static bool NeedsEnsemble(string strategy) => strategy == Bald;

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
