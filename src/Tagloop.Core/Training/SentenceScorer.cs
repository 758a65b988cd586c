using Tagloop.Learning.Spans;

namespace Tagloop.Core.Training;

/// <summary>
/// Scores the parts of a span-tagging document (a sentence, or a paragraph of several) for the queue under a sentence
/// strategy (<see cref="SentenceAcquisition"/>), with the bootstrap taggers <c>bald</c> reads. A paragraph's score
/// is its sentences' per-token score weighted by their tokens (for least confidence: one minus the probability that
/// every sentence's best path is right; for surprisal, which counts a whole sentence, their sum).
/// </summary>
public sealed class SentenceScorer
{
    private readonly IReadOnlyList<LinearChainCrf>? ensemble;

    /// <param name="strategy">A name from <see cref="SentenceAcquisition.Names"/>; <c>bald</c> without an ensemble scores by <c>mnlp</c>.</param>
    public SentenceScorer(string strategy, LinearChainCrf tagger, IReadOnlyList<LinearChainCrf>? ensemble)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        Strategy = SentenceAcquisition.Find(strategy) ?? throw new ArgumentException($"Unknown strategy '{strategy}'.", nameof(strategy));
        Tagger = tagger;
        this.ensemble = ensemble is { Count: >= 2 } ? ensemble : null;
        Scoring = Strategy switch
        {
            SentenceAcquisition.Bald when this.ensemble is null => SentenceAcquisition.Mnlp,
            SentenceAcquisition.Random => SentenceAcquisition.Mnlp, // within a document, random has nothing to say
            _ => Strategy,
        };
    }

    /// <summary>The project's strategy.</summary>
    public string Strategy { get; }

    /// <summary>The strategy the scores follow (<c>mnlp</c> stands in where the project's cannot score a sentence).</summary>
    public string Scoring { get; }

    public LinearChainCrf Tagger { get; }

    /// <summary>The score of one sentence and the tagger's prediction of it.</summary>
    public (double Score, CrfPrediction Prediction) Score(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var prediction = Tagger.Decode(words);
        CrfPrediction[]? members = Scoring == SentenceAcquisition.Bald ? [.. ensemble!.Select(m => m.Decode(words))] : null;
        return (SentenceAcquisition.Score(Scoring, prediction, members), prediction);
    }

    /// <summary>The score of a part of <paramref name="document"/> (see the class remarks) and the tagger's prediction of each of its sentences.</summary>
    public (double Score, IReadOnlyList<(SpanDocument.Sentence Sentence, CrfPrediction Prediction)> Predictions) Score(SpanDocument document, SpanDocument.Part part)
    {
        ArgumentNullException.ThrowIfNull(document);
        var predictions = new List<(SpanDocument.Sentence, CrfPrediction)>(part.EndSentence - part.FirstSentence);
        var weighted = 0.0;
        var tokens = 0;
        var allRight = 1.0;
        var last = 0.0;
        var sum = 0.0;
        for (var s = part.FirstSentence; s < part.EndSentence; s++)
        {
            var sentence = document.Sentences[s];
            var (score, prediction) = Score(document.Words(sentence));
            predictions.Add((sentence, prediction));
            weighted += score * sentence.TokenCount;
            tokens += sentence.TokenCount;
            allRight *= 1 - score;
            last = score;
            sum += score;
        }

        var combined = predictions.Count == 1 ? last
            : Scoring == SentenceAcquisition.LeastConfidence ? 1 - allRight
            : Scoring == SentenceAcquisition.Surprisal ? sum // −log P of the part's best paths: it adds up over the sentences
            : tokens == 0 ? 0 : weighted / tokens;
        return (combined, predictions);
    }
}
