namespace Tagloop.Learning.Spans;

/// <summary>
/// A training sentence for <see cref="CrfTrainer"/>, fully or partially labelled: each token allows a set of tags
/// (null: any tag) less a set of excluded tags. A full labelling allows one tag per token; the likelihood of a partial
/// one is the mass of all legal paths that fit the masks (Tsuboi et al. 2008, "Training CRFs using incomplete annotations").
/// </summary>
public sealed class CrfExample
{
    private CrfExample(IReadOnlyList<string> tokens, IReadOnlyList<IReadOnlyCollection<string>?> allowed, IReadOnlyList<IReadOnlyCollection<string>?> excluded, float weight)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (allowed.Count != tokens.Count || excluded.Count != tokens.Count)
        {
            throw new ArgumentException($"{tokens.Count} tokens but {allowed.Count} allowed and {excluded.Count} excluded tag sets.", nameof(allowed));
        }

        if (!float.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "An example's weight must be finite and not negative.");
        }

        foreach (var set in allowed.Concat(excluded))
        {
            foreach (var tag in set ?? [])
            {
                IobTags.TypeOf(tag);
            }
        }

        Tokens = tokens;
        Allowed = allowed;
        Excluded = excluded;
        Weight = weight;
    }

    /// <summary>The sentence's tokens.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Per token the tags it may take, or null for any tag.</summary>
    public IReadOnlyList<IReadOnlyCollection<string>?> Allowed { get; }

    /// <summary>Per token the tags it may not take (null: none excluded).</summary>
    public IReadOnlyList<IReadOnlyCollection<string>?> Excluded { get; }

    /// <summary>How much the example counts in the likelihood.</summary>
    public float Weight { get; }

    /// <summary>The same example counted <paramref name="weight"/> times in the likelihood.</summary>
    public CrfExample WithWeight(float weight) => new(Tokens, Allowed, Excluded, weight) { Document = Document, Gazetteer = Gazetteer };

    /// <summary>The context of the document the sentence belongs to, for <see cref="TokenFeatureOptions.DocumentCase"/> (null: the sentence alone).</summary>
    public DocumentContext? Document { get; private init; }

    /// <summary>This example with the context of its document.</summary>
    public CrfExample WithDocument(DocumentContext? document) => new(Tokens, Allowed, Excluded, Weight) { Document = document, Gazetteer = Gazetteer };

    /// <summary>
    /// The gazetteer this sentence's features read instead of <see cref="TokenFeatureOptions.Gazetteer"/> when training
    /// (null: the options' one; ignored when the options have none). A gazetteer of the entities labelled in other
    /// documents (<see cref="Spans.Gazetteer.OutOfFold"/>) keeps a sentence's own labels out of its features, so the
    /// tagger learns how far a match found elsewhere can be trusted, not that a match is always right.
    /// </summary>
    public Gazetteer? Gazetteer { get; private init; }

    /// <summary>This example with its own gazetteer for training (see <see cref="Gazetteer"/>).</summary>
    public CrfExample WithGazetteer(Gazetteer? gazetteer) => new(Tokens, Allowed, Excluded, Weight) { Document = Document, Gazetteer = gazetteer };

    /// <summary>A fully labelled sentence.</summary>
    public static CrfExample Full(TaggedSentence sentence, float weight = 1f)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var allowed = sentence.Tags.Select(tag => (IReadOnlyCollection<string>?)new[] { tag }).ToArray();
        return new CrfExample(sentence.Tokens, allowed, new IReadOnlyCollection<string>?[sentence.Tokens.Count], weight);
    }

    /// <summary>A partially labelled sentence: per token the allowed tags (null: any) and the excluded tags (null: none).</summary>
    public static CrfExample Partial(IReadOnlyList<string> tokens, IReadOnlyList<IReadOnlyCollection<string>?> allowed, IReadOnlyList<IReadOnlyCollection<string>?>? excluded = null, float weight = 1f)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(allowed);
        return new CrfExample(tokens, allowed, excluded ?? new IReadOnlyCollection<string>?[tokens.Count], weight);
    }

    /// <summary>
    /// A sentence where the <paramref name="accepted"/> spans are known entities (their tokens fixed to B-X I-X…, and the
    /// token after each not I-X) and the <paramref name="rejected"/> spans are known not to be entities of their type
    /// (none of their tokens tagged B-X or I-X: per-token masks cannot exclude just the one exact span). Every other
    /// token is unknown.
    /// </summary>
    public static CrfExample FromSpans(IReadOnlyList<string> tokens, IReadOnlyList<TokenSpan> accepted, IReadOnlyList<TokenSpan>? rejected = null, float weight = 1f)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(accepted);
        var allowed = new IReadOnlyCollection<string>?[tokens.Count];
        var excluded = new List<string>?[tokens.Count];
        foreach (var span in accepted)
        {
            Check(span, tokens.Count);
            for (var t = span.Start; t < span.End; t++)
            {
                allowed[t] = [(t == span.Start ? "B-" : "I-") + span.Label];
            }

            if (span.End < tokens.Count)
            {
                (excluded[span.End] ??= []).Add("I-" + span.Label);
            }
        }

        foreach (var span in rejected ?? [])
        {
            Check(span, tokens.Count);
            for (var t = span.Start; t < span.End; t++)
            {
                (excluded[t] ??= []).AddRange(["B-" + span.Label, "I-" + span.Label]);
            }
        }

        return new CrfExample(tokens, allowed, excluded, weight);
    }

    private static void Check(TokenSpan span, int count)
    {
        if (span.Start < 0 || span.End > count || span.Start >= span.End)
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, $"A span must lie within the sentence's {count} tokens and not be empty.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(span.Label, nameof(span));
    }
}
