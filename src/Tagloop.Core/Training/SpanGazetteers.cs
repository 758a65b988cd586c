using Tagloop.Learning.Spans;

namespace Tagloop.Core.Training;

/// <summary>
/// A span-tagging project's gazetteer of the entity strings labelled so far: <see cref="All"/> for tagging, and for
/// training the out-of-fold ones (<see cref="Gazetteer.OutOfFold"/>, documents in two halves): a sentence reads the
/// entities of the other half's documents only, so the tagger learns how far a string labelled elsewhere can be trusted.
/// </summary>
public sealed record SpanGazetteers(Gazetteer All, IReadOnlyList<Gazetteer> OutOfFold)
{
    /// <summary>The halves.</summary>
    public const int Folds = 2;

    /// <summary>The half a document belongs to, fixed by its id (mixed, so neighbouring imports are split too).</summary>
    public static int FoldOf(long documentId) => (int)(((ulong)documentId * 0x9E3779B97F4A7C15UL) >> 63);

    /// <summary>The gazetteers of entity strings with their halves.</summary>
    public static SpanGazetteers Build(IReadOnlyList<(IReadOnlyList<string> Tokens, string Type, int Fold)> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        return new SpanGazetteers(new Gazetteer(entities.Select(e => (e.Tokens, e.Type))), Gazetteer.OutOfFold(entities, Folds));
    }

    /// <summary>The gazetteers of fully labelled sentences (IOB2), sentence i in half i mod 2.</summary>
    public static SpanGazetteers FromSentences(IReadOnlyList<TaggedSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var entities = new List<(IReadOnlyList<string>, string, int)>();
        for (var i = 0; i < sentences.Count; i++)
        {
            foreach (var span in TagSchemes.Decode(sentences[i].Tags, TagScheme.Iob2))
            {
                entities.Add((sentences[i].Tokens.Skip(span.Start).Take(span.End - span.Start).ToArray(), span.Label, i % Folds));
            }
        }

        return Build(entities);
    }
}
