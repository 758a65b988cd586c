namespace Tagloop.Learning.Spans;

/// <summary>
/// A tagged sentence: the Viterbi tags and entities, per-token marginals (token-major [tokens × labels], in the
/// order of <see cref="LinearChainCrf.Labels"/>) and the uncertainty measures active learning ranks by.
/// </summary>
public sealed class CrfPrediction
{
    internal CrfPrediction(IReadOnlyList<string> labels, string[] tags, ScoredSpan[] spans, double[] marginals, double bestPathLogProbability)
    {
        Labels = labels;
        Tags = tags;
        Spans = spans;
        Marginals = marginals;
        BestPathLogProbability = bestPathLogProbability;
        var entropies = new double[tags.Length];
        for (var t = 0; t < tags.Length; t++)
        {
            var h = 0.0;
            foreach (var q in marginals.AsSpan(t * labels.Count, labels.Count))
            {
                h -= q > 0 ? q * Math.Log(q) : 0;
            }

            entropies[t] = h;
        }

        Entropies = entropies;
    }

    /// <summary>The tag set, the columns of <see cref="Marginals"/>.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The most probable tag sequence (Viterbi), IOB2.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The entities of <see cref="Tags"/>, each with the marginal probability of that exact span.</summary>
    public IReadOnlyList<ScoredSpan> Spans { get; }

    /// <summary>P(tag of token t = label l) at [t × labels + l].</summary>
    public IReadOnlyList<double> Marginals { get; }

    /// <summary>Per token the entropy (nats) of its tag marginal.</summary>
    public IReadOnlyList<double> Entropies { get; }

    /// <summary>log P(best path | tokens); 0 for an empty sentence.</summary>
    public double BestPathLogProbability { get; }

    /// <summary>P(best path | tokens): 1 minus it is the least-confidence score.</summary>
    public double BestPathProbability => Math.Exp(BestPathLogProbability);

    /// <summary>The best path's log probability divided by the length (MNLP, Shen et al. 2017); 0 for an empty sentence.</summary>
    public double NormalizedLogProbability => Tags.Count == 0 ? 0 : BestPathLogProbability / Tags.Count;

    /// <summary>The marginal of one token and label.</summary>
    public double Marginal(int token, int label) => Marginals[(token * Labels.Count) + label];
}
