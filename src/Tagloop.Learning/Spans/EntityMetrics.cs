namespace Tagloop.Learning.Spans;

/// <summary>
/// Entity counts and scores for one type, or for all types together (micro-averaged). A predicted entity is correct when
/// a gold entity has the same start, end and type. Precision is 0 when nothing is predicted, recall 0 when there is no
/// gold entity, and F1 0 when precision + recall is 0, as in conlleval.
/// </summary>
/// <param name="Type">The entity type; "" for all types together.</param>
/// <param name="Support">Gold entities.</param>
/// <param name="Predicted">Predicted entities.</param>
/// <param name="Correct">Predicted entities that match a gold entity exactly.</param>
public sealed record EntityScore(string Type, int Support, int Predicted, int Correct)
{
    /// <summary>Correct / predicted.</summary>
    public double Precision => Predicted == 0 ? 0 : (double)Correct / Predicted;

    /// <summary>Correct / gold.</summary>
    public double Recall => Support == 0 ? 0 : (double)Correct / Support;

    /// <summary>The harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>The scores of an entity evaluation.</summary>
/// <param name="Overall">All types together: precision, recall and F1 micro-averaged over entities.</param>
/// <param name="Types">Each type found in the gold or the predictions, in ordinal order of the type names.</param>
/// <param name="MacroF1">The mean of <see cref="Types"/>' F1 (0 when there is no type).</param>
/// <param name="TokenAccuracy">The fraction of tokens whose predicted IOB2 tag equals the gold tag, over the sentences added as tags (0 when none).</param>
/// <param name="Tokens">Tokens counted in <paramref name="TokenAccuracy"/>.</param>
/// <param name="Sentences">Sentence pairs added.</param>
public sealed record EntityReport(EntityScore Overall, IReadOnlyList<EntityScore> Types, double MacroF1, double TokenAccuracy, int Tokens, int Sentences);

/// <summary>
/// Accumulates entity-level precision, recall and F1 with CoNLL exact-match semantics (conlleval, Tjong Kim Sang and
/// De Meulder 2003) over pairs of gold and predicted sentences, then reports them; several accumulators (folds,
/// simulation rounds) can be merged. Not thread-safe.
/// </summary>
public sealed class EntityMetrics
{
    private readonly SortedDictionary<string, int[]> _counts = new(StringComparer.Ordinal);
    private int _tokens;
    private int _correctTokens;
    private int _sentences;

    /// <summary>
    /// Adds a sentence's gold and predicted tags (IOB2 by default; both decoded as <see cref="TagSchemes.Decode"/> does, so an
    /// I- after O starts an entity). Token accuracy compares the tags as given.
    /// </summary>
    /// <exception cref="ArgumentException">The sequences differ in length or hold a tag invalid in the scheme.</exception>
    public void Add(IReadOnlyList<string> gold, IReadOnlyList<string> predicted, TagScheme scheme = TagScheme.Iob2)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count)
        {
            throw new ArgumentException($"{gold.Count} gold tags but {predicted.Count} predicted tags.", nameof(predicted));
        }

        var goldSpans = TagSchemes.Decode(gold, scheme);
        var predictedSpans = TagSchemes.Decode(predicted, scheme);
        AddSpans(goldSpans, predictedSpans);
        for (var i = 0; i < gold.Count; i++)
        {
            _correctTokens += gold[i] == predicted[i] ? 1 : 0;
        }

        _tokens += gold.Count;
    }

    /// <summary>Adds a sentence's gold and predicted entities (token accuracy is not counted for span lists).</summary>
    /// <exception cref="ArgumentException">A list holds the same span twice.</exception>
    public void Add(IReadOnlyList<TokenSpan> gold, IReadOnlyList<TokenSpan> predicted)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        AddSpans(gold, predicted);
    }

    /// <summary>Adds everything another accumulator has counted.</summary>
    public void Add(EntityMetrics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (type, counts) in other._counts)
        {
            var mine = Counts(type);
            for (var k = 0; k < mine.Length; k++)
            {
                mine[k] += counts[k];
            }
        }

        _tokens += other._tokens;
        _correctTokens += other._correctTokens;
        _sentences += other._sentences;
    }

    /// <summary>The scores of everything added so far.</summary>
    public EntityReport Report()
    {
        var types = new List<EntityScore>(_counts.Count);
        int support = 0, predicted = 0, correct = 0;
        var f1 = 0.0;
        foreach (var (type, counts) in _counts)
        {
            var score = new EntityScore(type, counts[0], counts[1], counts[2]);
            types.Add(score);
            support += score.Support;
            predicted += score.Predicted;
            correct += score.Correct;
            f1 += score.F1;
        }

        return new EntityReport(
            new EntityScore("", support, predicted, correct),
            types,
            types.Count == 0 ? 0 : f1 / types.Count,
            _tokens == 0 ? 0 : (double)_correctTokens / _tokens,
            _tokens,
            _sentences);
    }

    private void AddSpans(IReadOnlyList<TokenSpan> gold, IReadOnlyList<TokenSpan> predicted)
    {
        // Both lists are checked before anything is counted, so a rejected pair leaves the totals as they were.
        var goldSet = Distinct(gold, "gold", nameof(gold));
        Distinct(predicted, "predicted", nameof(predicted));
        foreach (var span in gold)
        {
            Counts(span.Label)[0]++;
        }

        foreach (var span in predicted)
        {
            var counts = Counts(span.Label);
            counts[1]++;
            counts[2] += goldSet.Contains(span) ? 1 : 0;
        }

        _sentences++;
    }

    private static HashSet<TokenSpan> Distinct(IReadOnlyList<TokenSpan> spans, string which, string parameter)
    {
        var set = new HashSet<TokenSpan>(spans.Count);
        foreach (var span in spans)
        {
            if (span.Label is null)
            {
                throw new ArgumentException($"The {which} entity [{span.Start}, {span.End}) has no type.", parameter);
            }

            if (!set.Add(span))
            {
                throw new ArgumentException($"The {which} entities hold [{span.Start}, {span.End}) \"{span.Label}\" twice.", parameter);
            }
        }

        return set;
    }

    /// <summary>Gold, predicted and correct counts of a type.</summary>
    private int[] Counts(string type)
    {
        if (!_counts.TryGetValue(type, out var counts))
        {
            counts = new int[3];
            _counts.Add(type, counts);
        }

        return counts;
    }
}
