using Tagloop.Core.Annotations;

namespace Tagloop.Core.Export;

/// <summary>
/// One row per document of a span-tagging project (<c>rows=documents</c>, and CoNLL's default): the spans its answers
/// agree on. A span is kept when more than half of the answers covering it (whose regions hold it, or that answer the
/// whole document) hold exactly it — same start, end and type; on an even split it is kept unless it crosses a span
/// already kept, the earliest answer's first. One answer's spans are kept as they are. The row covers the union of the
/// answers' regions (null: the whole document); partial answers kept on a skip count for what they cover.
/// </summary>
internal static class SpanConsensus
{
    public const string Single = "single";
    public const string Majority = "majority";

    /// <summary>The merged row of each document with answers, and how many answers it merged (rows come ordered by document, then answer).</summary>
    public static async IAsyncEnumerable<(ExportRow Row, int Answers)> PerDocument(IAsyncEnumerable<ExportRow> rows)
    {
        var group = new List<ExportRow>();
        await foreach (var row in rows.ConfigureAwait(false))
        {
            if (row.Skipped && row.Regions is null)
            {
                continue; // a plain skip says nothing about the document
            }

            if (group.Count > 0 && group[0].DocumentId != row.DocumentId)
            {
                yield return (Merge(group), group.Count);
                group.Clear();
            }

            group.Add(row);
        }

        if (group.Count > 0)
        {
            yield return (Merge(group), group.Count);
        }
    }

    /// <summary>The merged row of one document's answers (see the class remarks).</summary>
    public static ExportRow Merge(IReadOnlyList<ExportRow> answers)
    {
        var first = answers[0];
        var regions = answers.Any(a => a.Regions is null)
            ? null
            : Union(answers.SelectMany(a => a.Regions!));
        var spans = answers.Count == 1 ? first.Spans : Agreed(answers);
        return first with
        {
            AnnotationId = 0,
            Labels = [],
            Author = string.Join(",", answers.Select(a => a.Author).Distinct(StringComparer.Ordinal)),
            Skipped = false,
            CreatedAt = answers.Max(a => a.CreatedAt),
            SecondsSpent = answers.All(a => a.SecondsSpent is null) ? null : answers.Sum(a => a.SecondsSpent ?? 0),
            Flagged = answers.Any(a => a.Flagged),
            FlagNote = null,
            Final = null,
            DecidedBy = answers.Count == 1 ? Single : Majority,
            Spans = spans,
            Regions = regions,
        };
    }

    private static List<ExportSpan> Agreed(IReadOnlyList<ExportRow> answers)
    {
        var candidates = new List<(ExportSpan Span, int Votes, int Covering, int FirstAnswer)>();
        var seen = new HashSet<ExportSpan>();
        for (var a = 0; a < answers.Count; a++)
        {
            foreach (var span in answers[a].Spans)
            {
                if (seen.Add(span))
                {
                    var votes = answers.Count(x => x.Spans.Contains(span));
                    var covering = answers.Count(x => Covers(x, span));
                    candidates.Add((span, votes, covering, a));
                }
            }
        }

        var kept = candidates.Where(c => 2 * c.Votes > c.Covering).Select(c => c.Span).ToList();
        foreach (var tie in candidates.Where(c => 2 * c.Votes == c.Covering).OrderBy(c => c.FirstAnswer).ThenBy(c => c.Span.Start))
        {
            if (!kept.Exists(k => k.Start < tie.Span.End && tie.Span.Start < k.End))
            {
                kept.Add(tie.Span);
            }
        }

        kept.Sort((x, y) => x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.End.CompareTo(y.End));
        return kept;
    }

    private static bool Covers(ExportRow answer, ExportSpan span) =>
        answer.Regions is null || answer.Regions.Any(r => r.Start <= span.Start && span.End <= r.End);

    private static List<TextRange> Union(IEnumerable<TextRange> ranges)
    {
        var merged = new List<TextRange>();
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, range.End) };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }
}
