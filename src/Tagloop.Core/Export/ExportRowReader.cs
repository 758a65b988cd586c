using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Review;

namespace Tagloop.Core.Export;

/// <summary>
/// Reads a project's current answers in document order, a chunk at a time (keyset paging), so an export of
/// any size streams with bounded memory and no long-held read transaction.
/// </summary>
internal sealed class ExportRowReader(TagloopDbContext db)
{
    private const int ChunkSize = 1000;

    public async IAsyncEnumerable<ExportRow> ReadAsync(int projectId, IReadOnlyList<Taxonomy.Label> taxonomy, bool multiLabel, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in ReadAsync(projectId, taxonomy, multiLabel, spans: false, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <summary>
    /// The rows, with each answer's spans when <paramref name="spans"/> (span-tagging projects): its entities, not the
    /// spans a teach-mode answer rejected; and for a partial answer the regions it covers.
    /// </summary>
    public async IAsyncEnumerable<ExportRow> ReadAsync(int projectId, IReadOnlyList<Taxonomy.Label> taxonomy, bool multiLabel, bool spans, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var labelOrder = taxonomy.ToDictionary(l => l.Id, l => (l.Name, l.Order));
        long afterDocument = -1;
        long afterAnnotation = -1;
        while (true)
        {
            var chunk = await db.Annotations.AsNoTracking()
                .Where(a => a.ProjectId == projectId && a.IsCurrent)
                .Where(a => a.DocumentId > afterDocument || (a.DocumentId == afterDocument && a.Id > afterAnnotation))
                .OrderBy(a => a.DocumentId).ThenBy(a => a.Id)
                .Take(ChunkSize)
                .Join(db.Documents, a => a.DocumentId, d => d.Id, (a, d) => new
                {
                    a.Id,
                    a.DocumentId,
                    d.Text,
                    d.MetaJson,
                    a.Author,
                    a.Source,
                    a.Kind,
                    a.CreatedAt,
                    a.SecondsSpent,
                    a.Flagged,
                    a.FlagNote,
                    a.Regions,
                })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (chunk.Count == 0)
            {
                yield break;
            }

            var ids = chunk.Select(c => c.Id).ToList();
            var labels = (await db.AnnotationLabels.AsNoTracking().Where(l => ids.Contains(l.AnnotationId))
                .ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(l => l.AnnotationId, l => l.LabelId);
            var spansOf = spans
                ? (await db.AnnotationSpans.AsNoTracking().Where(s => ids.Contains(s.AnnotationId) && !s.Rejected)
                    .ToListAsync(cancellationToken).ConfigureAwait(false))
                    .OrderBy(s => s.Start).ThenBy(s => s.End).ThenBy(s => labelOrder[s.LabelId].Order)
                    .ToLookup(s => s.AnnotationId, s => new ExportSpan(s.Start, s.End, labelOrder[s.LabelId].Name))
                : null;
            var finals = await FinalsAsync(projectId, [.. chunk.Select(c => c.DocumentId).Distinct()], multiLabel, cancellationToken).ConfigureAwait(false);
            foreach (var c in chunk)
            {
                var final = finals.GetValueOrDefault(c.DocumentId);
                yield return new ExportRow(
                    c.Id, c.DocumentId, c.Text, c.MetaJson,
                    [.. labels[c.Id].Select(id => labelOrder[id]).OrderBy(l => l.Order).Select(l => l.Name)],
                    c.Author, c.Source, c.Kind == AnnotationKind.Skip, c.CreatedAt, c.SecondsSpent, c.Flagged, c.FlagNote,
                    final?.Labels is { } finalIds ? [.. finalIds.Where(labelOrder.ContainsKey).Select(id => labelOrder[id]).OrderBy(l => l.Order).Select(l => l.Name)] : null,
                    final?.DecidedBy)
                {
                    Spans = spansOf is null ? [] : [.. spansOf[c.Id]],
                    Regions = c.Kind == AnnotationKind.Partial ? SpanRegions.Parse(c.Regions) ?? [] : null,
                };
                afterDocument = c.DocumentId;
                afterAnnotation = c.Id;
            }
        }
    }

    /// <summary>The final label of each document: all its current answers are read, also those in the next chunk.</summary>
    private async Task<Dictionary<long, FinalLabel>> FinalsAsync(int projectId, List<long> documentIds, bool multiLabel, CancellationToken cancellationToken)
    {
        var answers = (await db.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.IsCurrent && a.Kind == AnnotationKind.Answer && documentIds.Contains(a.DocumentId))
            .Select(a => new { a.DocumentId, LabelIds = a.Labels.Select(l => l.LabelId).ToList() })
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(a => a.DocumentId, a => (IReadOnlyCollection<int>)a.LabelIds);
        var adjudications = await db.Adjudications.AsNoTracking().Include(a => a.Labels).Where(a => documentIds.Contains(a.DocumentId))
            .ToDictionaryAsync(a => a.DocumentId, cancellationToken).ConfigureAwait(false);
        var finals = new Dictionary<long, FinalLabel>();
        foreach (var id in documentIds)
        {
            if (FinalLabel.Of([.. answers[id]], multiLabel, adjudications.GetValueOrDefault(id)) is { } final)
            {
                finals[id] = final;
            }
        }

        return finals;
    }
}
