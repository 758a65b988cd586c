using Tagloop.Core.Annotations;
using Tagloop.Core.Training;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Tasks;

/// <summary>
/// What a span-tagging task shows of its document: the sentence to answer now (the region), its tokens, the spans to
/// start from and, in teach mode, the one span to accept or reject. All offsets are UTF-16 code units of the whole document.
/// </summary>
/// <param name="Spans">The model's spans in the region with their probabilities, and the annotator's own accepted spans there (probability null), which win where they cross.</param>
/// <param name="Suggestion">Teach mode: the model's span in the region it is least sure of, not yet judged by the annotator; null in correct mode or when there is none.</param>
public sealed record SpanTask(TextRange Region, IReadOnlyList<TextRange> Tokens, IReadOnlyList<SuggestedSpan> Spans, SuggestedSpan? Suggestion, string? Reason)
{
    /// <summary>The region's place among the document's parts (sentences, or paragraphs), from 1 (0 when the document has none).</summary>
    public int RegionNumber { get; init; }

    /// <summary>How many parts (sentences, or paragraphs) the document has.</summary>
    public int RegionCount { get; init; }

    /// <summary>How many of the document's parts the annotator's current answer covers completely.</summary>
    public int RegionsAnswered { get; init; }

    /// <summary>Teach mode names this the mode that shows one suggested span at a time.</summary>
    public const string Teach = "teach";

    /// <summary>The mode where the model's spans are pre-annotated and the annotator fixes the whole region.</summary>
    public const string Correct = "correct";

    /// <summary>A document with more sentences than this is scored on its first unanswered ones only when the task is made.</summary>
    public const int MaxTaggedSentences = 200;

    /// <summary>
    /// Chooses the region: among the parts (sentences, or paragraphs with <paramref name="paragraphs"/>) the annotator's
    /// current answer does not cover yet, the one the model would most like answered (the project's sentence strategy,
    /// <see cref="SentenceScorer"/>) — in teach mode the one holding the span the model is least sure of — or the first
    /// such part before a model exists.
    /// </summary>
    /// <param name="mine">The annotator's current answer on the document (its spans, regions and kind), or null.</param>
    /// <param name="labelNames">Label names by id, for the annotator's spans.</param>
    public static SpanTask Describe(string text, Annotation? mine, IReadOnlyDictionary<int, string> labelNames, SpanModelSnapshot? model, bool teach, bool paragraphs = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(labelNames);
        var document = SpanDocument.Read(text);
        var regions = mine is null || !SpanAnswer.Answered(mine) ? [] : SpanRegions.Parse(mine.Regions);
        var parts = document.Parts(paragraphs);
        var open = parts.Where(p => !SpanRegions.Contains(regions, p.Start, p.End)).ToList();
        if (open.Count == 0)
        {
            // Everything is answered (a relabel, or an answer of the whole document): show it all again.
            open = [.. parts];
        }

        var judged = mine is null ? [] : mine.Spans.Where(s => labelNames.ContainsKey(s.LabelId)).ToList();
        if (open.Count == 0)
        {
            return new SpanTask(new TextRange(0, text.Length), [], [], null, null);
        }

        var chosen = open[0];
        SuggestedSpan? suggestion = null;
        IReadOnlyList<(SpanDocument.Sentence Sentence, CrfPrediction Prediction)>? predictions = null;
        string? reason = null;
        if (model is not null)
        {
            var scorer = new SentenceScorer(model.Strategy, model.Tagger, model.Ensemble);
            var best = double.NegativeInfinity;
            var tagged = 0;
            foreach (var part in open)
            {
                if (tagged >= MaxTaggedSentences)
                {
                    break;
                }

                var (partScore, predicted) = scorer.Score(document, part);
                SuggestedSpan? candidate = null;
                if (teach)
                {
                    foreach (var (sentence, prediction) in predicted)
                    {
                        if (LeastSure(document, sentence, prediction, judged, labelNames) is { } found
                            && (candidate is null || Math.Abs(found.Probability!.Value - 0.5) < Math.Abs(candidate.Probability!.Value - 0.5)))
                        {
                            candidate = found;
                        }
                    }
                }

                tagged += predicted.Count;
                var score = !teach ? partScore : candidate is null ? double.NegativeInfinity : 1 - Math.Abs((2 * candidate.Probability!.Value) - 1);
                if (predictions is null || score > best)
                {
                    (best, chosen, predictions, suggestion) = (score, part, predicted, candidate);
                }
            }

            var unit = paragraphs ? "paragraph" : "sentence";
            reason = suggestion is not null
                ? suggestion.Probability is > 0.9 or < 0.1
                    ? $"The model thinks “{Clip(text[suggestion.Start..suggestion.End])}” is {suggestion.Label} ({suggestion.Probability:P0} sure); a yes or no confirms it or teaches it otherwise."
                    : $"Of the model's guesses you have not judged yet, it is least sure of “{Clip(text[suggestion.Start..suggestion.End])}” as {suggestion.Label} ({suggestion.Probability:P0} sure)."
                : open.Count > 1 ? $"The model is least sure of this {unit} among the document's unanswered ones." : null;
        }

        var first = document.Sentences[chosen.FirstSentence].FirstToken;
        var end = document.Sentences[chosen.EndSentence - 1].EndToken;
        var tokenRanges = document.Tokens.Skip(first).Take(end - first).Select(t => new TextRange(t.Start, t.End)).ToList();
        var own = judged.Where(s => !s.Rejected && s.Start >= chosen.Start && s.End <= chosen.End)
            .Select(s => new SuggestedSpan(s.Start, s.End, labelNames[s.LabelId], null)).ToList();
        var spans = new List<SuggestedSpan>(own);
        foreach (var (sentence, prediction) in predictions ?? [])
        {
            foreach (var scored in prediction.Spans)
            {
                var (start, stop) = document.Characters(sentence, scored.Span);
                var rejected = judged.Exists(s => s.Rejected && s.Start == start && s.End == stop && labelNames[s.LabelId] == scored.Span.Label);
                if (!rejected && !own.Exists(o => o.Start < stop && start < o.End))
                {
                    spans.Add(new SuggestedSpan(start, stop, scored.Span.Label, scored.Probability));
                }
            }
        }

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        return new SpanTask(new TextRange(chosen.Start, chosen.End), tokenRanges, spans, suggestion, reason)
        {
            RegionNumber = Enumerable.Range(0, parts.Count).FirstOrDefault(i => parts[i] == chosen, -1) + 1,
            RegionCount = parts.Count,
            RegionsAnswered = parts.Count(p => SpanRegions.Contains(regions, p.Start, p.End)),
        };
    }

    /// <summary>The predicted span whose probability is nearest one half, among those the annotator has not judged yet.</summary>
    private static SuggestedSpan? LeastSure(SpanDocument document, SpanDocument.Sentence sentence, CrfPrediction predicted, List<AnnotationSpan> judged, IReadOnlyDictionary<int, string> labelNames)
    {
        SuggestedSpan? best = null;
        foreach (var scored in predicted.Spans)
        {
            var (start, end) = document.Characters(sentence, scored.Span);
            if (judged.Exists(s => s.Start == start && s.End == end && labelNames[s.LabelId] == scored.Span.Label))
            {
                continue;
            }

            if (best is null || Math.Abs(scored.Probability - 0.5) < Math.Abs(best.Probability!.Value - 0.5))
            {
                best = new SuggestedSpan(start, end, scored.Span.Label, scored.Probability);
            }
        }

        return best;
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "…";
}
