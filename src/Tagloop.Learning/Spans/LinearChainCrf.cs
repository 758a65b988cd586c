using Tagloop.Learning.Optimization;

namespace Tagloop.Learning.Spans;

/// <summary>
/// A first-order linear-chain conditional random field over IOB2 tags (Lafferty, McCallum and Pereira 2001): state
/// weights per (hashed feature, tag) and per (dense dimension, tag), tag-to-tag transition weights and start / end
/// weights; moves IOB2 forbids (O → I-X, B-X/I-X → I-Y with X ≠ Y, starting with I-X) have weight −∞. Trained by
/// <see cref="CrfTrainer"/>; immutable and thread-safe.
/// </summary>
public sealed class LinearChainCrf
{
    private readonly IReadOnlyDictionary<int, int> rows;
    private readonly float[] state;
    private readonly float[] dense;
    private readonly ChainPotentials potentials;

    internal LinearChainCrf(string[] labels, TokenFeatures features, IReadOnlyDictionary<int, int> rows, float[] state, float[] dense, double[] transitions, double[] start, double[] end, LbfgsResult optimisation)
    {
        Labels = labels;
        Features = features;
        this.rows = rows;
        this.state = state;
        this.dense = dense;
        Transitions = transitions;
        Start = start;
        End = end;
        Optimisation = optimisation;
        potentials = new ChainPotentials(labels, transitions, start, end);
    }

    /// <summary>The tags, "O" first, then B-X, I-X per type in ordinal order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The feature extractor the model was trained with.</summary>
    public TokenFeatures Features { get; }

    /// <summary>How the optimiser ended.</summary>
    public LbfgsResult Optimisation { get; }

    /// <summary>The number of hashed features with weights.</summary>
    public int FeatureCount => rows.Count;

    internal double[] Transitions { get; }

    internal double[] Start { get; }

    internal double[] End { get; }

    internal ChainPotentials Potentials => potentials;

    /// <summary>The features of the sentences it was fitted on, for <see cref="CrfTrainer.Update"/> (null when loaded from a file).</summary>
    internal CrfFeatureCache? Cache { get; init; }

    /// <summary>Fingerprints of the examples it was fitted on, with their features (null when loaded from a file).</summary>
    internal IReadOnlyDictionary<ulong, CrfFeatureCache.Entry>? Fitted { get; init; }

    internal IReadOnlyDictionary<int, int> Rows => rows;

    internal float[] State => state;

    internal float[] Dense => dense;

    /// <summary>Tags a sentence: Viterbi tags, entities with their span probabilities, marginals and uncertainty.</summary>
    /// <param name="tokens">The sentence.</param>
    /// <param name="document">The context of its document, for a tagger trained with <see cref="TokenFeatureOptions.DocumentCase"/> (null: the sentence alone).</param>
    public CrfPrediction Decode(IReadOnlyList<string> tokens, DocumentContext? document = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var n = tokens.Count;
        var L = Labels.Count;
        if (n == 0)
        {
            return new CrfPrediction(Labels, [], [], [], 0);
        }

        var emissions = Emissions(Features.Extract(tokens, document));
        var path = new int[n];
        var best = ChainInference.Viterbi(emissions, n, potentials, path);
        var alpha = new double[n * L];
        var psi = new double[n * L];
        var scale = new double[n];
        var logZ = ChainInference.Forward(emissions, n, potentials, [], alpha, psi, scale);
        var marginals = new double[n * L];
        ChainInference.Backward(n, potentials, alpha, psi, scale, new double[n * L], marginals, [], 0);
        var tags = new string[n];
        for (var t = 0; t < n; t++)
        {
            tags[t] = Labels[path[t]];
        }

        var spans = IobTags.Spans(tags).Select(s => new ScoredSpan(s, SpanProbability(emissions, n, logZ, s))).ToArray();
        return new CrfPrediction(Labels, tags, spans, marginals, Math.Min(0, best - logZ));
    }

    /// <summary>
    /// The marginal probability that exactly tokens [Start, End) form an entity of type Label: the mass of the paths
    /// tagging them B-X I-X… with no I-X after, over Z.
    /// </summary>
    /// <param name="tokens">The sentence.</param>
    /// <param name="span">The span.</param>
    /// <param name="document">The context of its document (see <see cref="Decode"/>).</param>
    public double SpanProbability(IReadOnlyList<string> tokens, TokenSpan span, DocumentContext? document = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (span.Start < 0 || span.End > tokens.Count || span.Start >= span.End)
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, $"The span must lie within the sentence's {tokens.Count} tokens.");
        }

        var emissions = Emissions(Features.Extract(tokens, document));
        var n = tokens.Count;
        var L = Labels.Count;
        var logZ = ChainInference.Forward(emissions, n, potentials, [], new double[n * L], new double[n * L], new double[n]);
        return SpanProbability(emissions, n, logZ, span);
    }

    /// <summary>log P(tags | tokens) of a full tag sequence (−∞ when it breaks IOB2).</summary>
    /// <param name="sentence">The sentence and its tags.</param>
    /// <param name="document">The context of its document (see <see cref="Decode"/>).</param>
    public double LogProbability(TaggedSentence sentence, DocumentContext? document = null)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var n = sentence.Tokens.Count;
        if (n == 0)
        {
            return 0;
        }

        var path = new int[n];
        for (var t = 0; t < n; t++)
        {
            path[t] = IndexOf(sentence.Tags[t]);
        }

        var emissions = Emissions(Features.Extract(sentence.Tokens, document));
        var L = Labels.Count;
        var logZ = ChainInference.Forward(emissions, n, potentials, [], new double[n * L], new double[n * L], new double[n]);
        return ChainInference.Score(emissions, n, potentials, path) - logZ;
    }

    internal int IndexOf(string tag)
    {
        for (var l = 0; l < Labels.Count; l++)
        {
            if (Labels[l] == tag)
            {
                return l;
            }
        }

        throw new ArgumentException($"The tag '{tag}' is not one of the model's tags ({string.Join(", ", Labels)}).", nameof(tag));
    }

    /// <summary>The state scores [tokens × labels] of a sentence's features.</summary>
    internal double[] Emissions(SentenceFeatures features)
    {
        var L = Labels.Count;
        var n = features.Count;
        var emissions = new double[n * L];
        var width = features.DenseWidth;
        for (var t = 0; t < n; t++)
        {
            var e = emissions.AsSpan(t * L, L);
            foreach (var id in features.Token(t))
            {
                if (rows.TryGetValue(id, out var row))
                {
                    var w = state.AsSpan(row * L, L);
                    for (var l = 0; l < L; l++)
                    {
                        e[l] += w[l];
                    }
                }
            }

            if (width > 0 && dense.Length == width * L)
            {
                var v = features.DenseRow(t);
                for (var j = 0; j < width; j++)
                {
                    var w = dense.AsSpan(j * L, L);
                    for (var l = 0; l < L; l++)
                    {
                        e[l] += v[j] * w[l];
                    }
                }
            }
        }

        return emissions;
    }

    private double SpanProbability(double[] emissions, int n, double logZ, TokenSpan span)
    {
        var L = Labels.Count;
        var mask = new bool[n * L];
        Array.Fill(mask, true);
        var begin = Array.IndexOf(Labels as string[] ?? [.. Labels], "B-" + span.Label);
        if (begin < 0)
        {
            return 0;
        }

        for (var t = span.Start; t < span.End; t++)
        {
            mask.AsSpan(t * L, L).Clear();
            mask[(t * L) + (t == span.Start ? begin : begin + 1)] = true;
        }

        if (span.End < n)
        {
            mask[(span.End * L) + begin + 1] = false;
        }

        var logMass = ChainInference.Forward(emissions, n, potentials, mask, new double[n * L], new double[n * L], new double[n]);
        return double.IsNegativeInfinity(logMass) ? 0 : Math.Min(1, Math.Exp(logMass - logZ));
    }
}
