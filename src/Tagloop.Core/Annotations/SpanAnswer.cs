using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Annotations;

/// <summary>
/// Turns a span-tagging answer into what is stored: spans snapped outwards to token boundaries, merged with the author's
/// current answer on the document. A correct-mode answer says "inside this region the entities are exactly these" and
/// replaces the author's spans that touch the region; a teach-mode answer (<see cref="NewAnnotation.Accept"/>) says "this
/// one span is / is not LABEL" and changes nothing else. The answer covers the document (<see cref="AnnotationKind.Answer"/>)
/// once its regions hold every token; until then it is <see cref="AnnotationKind.Partial"/>.
/// </summary>
public static class SpanAnswer
{
    internal sealed record Result(List<AnnotationSpan> Spans, string? Regions, AnnotationKind Kind);

    /// <param name="previous">The author's current annotation on the document with its spans, or null.</param>
    internal static Result? Build(Project project, string text, NewAnnotation request, Annotation? previous, Func<string?, Label?> find, Func<string?, string> unknown, List<Problem> problems)
    {
        var tokens = SpanTokenizer.Tokenize(text);
        var count = problems.Count;
        var teach = request.Accept is not null;
        var spans = request.Spans ?? [];
        if (request.Labels is { Count: > 0 })
        {
            problems.Add(Problem.Invalid("labels", "A span-tagging project takes spans, not labels for the whole document."));
        }

        if (teach && request.Region is not null)
        {
            problems.Add(Problem.Invalid("region", "A teach-mode answer (accept) judges one span; leave region out."));
        }

        if (teach && spans.Count != 1)
        {
            problems.Add(Problem.Invalid("spans", $"A teach-mode answer (accept true or false) carries exactly one span; got {spans.Count}."));
        }

        // The region answered: snapped outwards to tokens like the spans; the whole document when left out.
        var region = new TextRange(0, text.Length);
        if (request.Region is { } asked)
        {
            if (asked.Start < 0 || asked.End <= asked.Start || asked.End > text.Length)
            {
                problems.Add(Problem.Invalid("region", $"Region [{asked.Start}, {asked.End}) is not inside the document (length {text.Length})."));
            }
            else if (SpanSnapping.Snap(tokens, asked.Start, asked.End) is not var (start, end))
            {
                problems.Add(Problem.Invalid("region", $"Region [{asked.Start}, {asked.End}) holds no word of the document."));
            }
            else
            {
                region = new TextRange(start, end);
            }
        }

        var given = new List<(AnnotationSpan Span, int Index)>();
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            var label = find(span.Label);
            if (label is null)
            {
                problems.Add(Problem.Invalid($"spans[{i}].label", unknown(span.Label)));
            }
            else if (span.Start < 0 || span.End <= span.Start || span.End > text.Length)
            {
                problems.Add(Problem.Invalid($"spans[{i}]", $"Span [{span.Start}, {span.End}) is not inside the document (length {text.Length})."));
            }
            else if (SpanSnapping.Snap(tokens, span.Start, span.End) is not var (start, end))
            {
                problems.Add(Problem.Invalid($"spans[{i}]", $"Span [{span.Start}, {span.End}) holds no word: '{UnicodeText.Quote(text[span.Start..span.End], 40)}'."));
            }
            else if (!teach && (start < region.Start || end > region.End))
            {
                problems.Add(Problem.Invalid($"spans[{i}]", $"Span [{span.Start}, {span.End}) lies outside the region answered, [{region.Start}, {region.End})."));
            }
            else
            {
                given.Add((new AnnotationSpan { Start = start, End = end, LabelId = label.Id, Rejected = teach && request.Accept == false }, i));
            }
        }

        if (!project.OverlappingSpans && !teach)
        {
            var ordered = given.OrderBy(g => g.Span.Start).ThenBy(g => g.Index).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var (before, after) = (ordered[i - 1], ordered[i]);
                if (after.Span.Start < before.Span.End)
                {
                    problems.Add(Problem.Invalid($"spans[{after.Index}]", $"Span [{after.Span.Start}, {after.Span.End}) overlaps spans[{before.Index}] [{before.Span.Start}, {before.Span.End}); this project does not allow overlapping spans (a setting)."));
                }
            }
        }

        if (problems.Count > count)
        {
            return null;
        }

        // What the author said before on this document (a skip says nothing about spans, unless it kept a partial answer's).
        var kept = previous is not null && Answered(previous) ? previous.Spans.Select(Copy).ToList() : [];
        var regions = previous is not null && Answered(previous) ? SpanRegions.Parse(previous.Regions) : [];

        if (teach)
        {
            var judged = given[0].Span;
            kept.RemoveAll(s => s.Start == judged.Start && s.End == judged.End && (!judged.Rejected || s.LabelId == judged.LabelId));
            if (!judged.Rejected && !project.OverlappingSpans)
            {
                // The newest judgement wins over an accepted span it crosses.
                kept.RemoveAll(s => !s.Rejected && s.Start < judged.End && judged.Start < s.End);
            }

            kept.Add(judged);
        }
        else
        {
            kept.RemoveAll(s => s.Start < region.End && region.Start < s.End);
            kept.AddRange(given.Select(g => g.Span));
            regions = request.Region is null || regions is null ? null : SpanRegions.Merge([.. regions, region]);
        }

        var whole = SpanRegions.Covers(regions, tokens);
        return new Result(
            [.. kept.OrderBy(s => s.Start).ThenBy(s => s.End)],
            whole ? null : SpanRegions.Format(regions),
            whole ? AnnotationKind.Answer : AnnotationKind.Partial);
    }

    /// <summary>Whether the annotation holds span answers: an answer, a partial one, or a skip that kept a partial answer's regions.</summary>
    public static bool Answered(Annotation annotation) => annotation.Kind != AnnotationKind.Skip || annotation.Regions is not null;

    private static AnnotationSpan Copy(AnnotationSpan span) =>
        new() { Start = span.Start, End = span.End, LabelId = span.LabelId, Rejected = span.Rejected };
}
