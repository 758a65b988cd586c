using Microsoft.EntityFrameworkCore;

namespace Tagloop.Core.Annotations;

/// <summary>Two annotators' spans over the parts of documents both answered completely: exact-match F1 (start, end and type).</summary>
/// <param name="Documents">Documents where both answered some part in common.</param>
/// <param name="Matched">Spans both marked alike.</param>
/// <param name="FirstSpans">Spans of <paramref name="First"/> in the common parts.</param>
/// <param name="SecondSpans">Spans of <paramref name="Second"/> in the common parts.</param>
public sealed record SpanPairAgreement(string First, string Second, int Documents, int Matched, int FirstSpans, int SecondSpans)
{
    /// <summary>2·matched / (first's + second's spans): symmetric, and the F1 of either against the other; NaN when neither marked anything.</summary>
    public double F1 => FirstSpans + SecondSpans == 0 ? double.NaN : 2.0 * Matched / (FirstSpans + SecondSpans);
}

/// <summary>Agreement on one entity type, summed over every pair.</summary>
public sealed record SpanTypeAgreement(string Type, int Matched, int Spans)
{
    public double F1 => Spans == 0 ? double.NaN : 2.0 * Matched / Spans;
}

/// <summary>
/// Span agreement of a span-tagging project: for each pair of annotators, over the parts of documents both covered
/// completely (their answers' regions intersected), the pairwise F1 of their spans — the usual measure for entity
/// annotation, where chance agreement is ill-defined — and, over all pairs, per entity type. Teach-mode judgements
/// (covering no region) do not count.
/// </summary>
public sealed record SpanAgreementReport(double MeanF1, IReadOnlyList<SpanPairAgreement> Pairs, IReadOnlyList<SpanTypeAgreement> PerType)
{
    internal static async Task<SpanAgreementReport> ComputeAsync(TagloopDbContext db, Projects.Project project, CancellationToken cancellationToken)
    {
        var answers = await db.Annotations.AsNoTracking().Include(a => a.Spans)
            .Where(a => a.ProjectId == project.Id && a.IsCurrent && (a.Kind == AnnotationKind.Answer || a.Kind == AnnotationKind.Partial) && a.Source == AnnotationSources.Human)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var names = project.Labels.ToDictionary(l => l.Id, l => l.Name);
        var types = project.Labels.OrderBy(l => l.Order).Select(l => l.Name).ToList();
        var typeCounts = types.ToDictionary(t => t, _ => (Matched: 0, Spans: 0));
        var pairs = new Dictionary<(string, string), (int Documents, int Matched, int First, int Second)>();
        foreach (var document in answers.GroupBy(a => a.DocumentId))
        {
            var raters = document.OrderBy(a => a.Author, StringComparer.Ordinal).ToList();
            for (var i = 0; i < raters.Count; i++)
            {
                for (var j = i + 1; j < raters.Count; j++)
                {
                    var common = Intersect(SpanRegions.Parse(raters[i].Regions), SpanRegions.Parse(raters[j].Regions));
                    if (common is { Count: 0 })
                    {
                        continue;
                    }

                    var first = Inside(raters[i], common, names);
                    var second = Inside(raters[j], common, names);
                    var matched = first.Intersect(second).ToList();
                    var key = (raters[i].Author, raters[j].Author);
                    var (documents, m, f, s) = pairs.GetValueOrDefault(key);
                    pairs[key] = (documents + 1, m + matched.Count, f + first.Count, s + second.Count);
                    foreach (var span in first.Concat(second))
                    {
                        typeCounts[span.Label] = (typeCounts[span.Label].Matched, typeCounts[span.Label].Spans + 1);
                    }

                    foreach (var span in matched)
                    {
                        typeCounts[span.Label] = (typeCounts[span.Label].Matched + 1, typeCounts[span.Label].Spans);
                    }
                }
            }
        }

        var pairList = pairs.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
            .Select(p => new SpanPairAgreement(p.Key.Item1, p.Key.Item2, p.Value.Documents, p.Value.Matched, p.Value.First, p.Value.Second)).ToList();
        var defined = pairList.Where(p => !double.IsNaN(p.F1)).ToList();
        return new SpanAgreementReport(
            defined.Count == 0 ? double.NaN : defined.Average(p => p.F1),
            pairList,
            [.. types.Select(t => new SpanTypeAgreement(t, typeCounts[t].Matched, typeCounts[t].Spans))]);
    }

    /// <summary>The accepted spans lying wholly inside <paramref name="regions"/> (null: the whole document).</summary>
    private static HashSet<(int Start, int End, string Label)> Inside(Annotation answer, IReadOnlyList<TextRange>? regions, Dictionary<int, string> names) =>
        [.. answer.Spans.Where(s => !s.Rejected && names.ContainsKey(s.LabelId) && SpanRegions.Contains(regions, s.Start, s.End)).Select(s => (s.Start, s.End, names[s.LabelId]))];

    /// <summary>The parts both cover; null when both cover the whole document.</summary>
    private static IReadOnlyList<TextRange>? Intersect(IReadOnlyList<TextRange>? first, IReadOnlyList<TextRange>? second)
    {
        if (first is null || second is null)
        {
            return first ?? second;
        }

        var common = new List<TextRange>();
        foreach (var a in first)
        {
            foreach (var b in second)
            {
                var (start, end) = (Math.Max(a.Start, b.Start), Math.Min(a.End, b.End));
                if (end > start)
                {
                    common.Add(new TextRange(start, end));
                }
            }
        }

        return SpanRegions.Merge(common);
    }
}
